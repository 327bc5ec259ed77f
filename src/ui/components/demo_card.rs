//! "Load demo data" / "Remove demo data": on Home at first start and in Settings.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::demo;
use crate::i18n::Msg;
use crate::ui::hooks::{failed_view, use_app, use_load, Load};
use crate::ui::state::Action;

#[derive(Clone, PartialEq)]
enum DemoState {
    Idle,
    Working,
    Done(Msg, usize),
    Failed(String),
}

#[function_component(DemoCard)]
pub fn demo_card() -> Html {
    let state = use_app();
    let lang = state.lang;
    let status = use_state(|| DemoState::Idle);
    // How many demo records are here (a count the store keeps); read again
    // after every load or removal (they change `data_version`).
    let count = use_load((), |db, ()| async move { demo::demo_count(&db).await });

    let run = |remove: bool| {
        let (state, status) = (state.clone(), status.clone());
        Callback::from(move |_| {
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            status.set(DemoState::Working);
            let (status, state) = (status.clone(), state.clone());
            spawn_local(async move {
                let result = if remove {
                    demo::remove(&store, &device.id)
                        .await
                        .map(|n| (Msg::DemoRemoved, n))
                } else {
                    demo::load(&store).await.map(|n| (Msg::DemoLoaded, n))
                };
                match result {
                    Ok((msg, n)) => {
                        status.set(DemoState::Done(msg, n));
                        state.dispatch(Action::DataChanged);
                    }
                    Err(err) => status.set(DemoState::Failed(err.message(lang))),
                }
            });
        })
    };

    let present = count.data().map_or(0, |n| *n);
    let working = *status == DemoState::Working;
    html! {
        <div class="card" data-testid="demo-card">
            <h2>{ Msg::DemoTitle.get(lang) }</h2>
            <p class="muted">{ Msg::DemoIntro.get(lang) }</p>
            {
                match &*status {
                    DemoState::Done(msg, n) => html! {
                        <p class="notice ok" role="status" data-testid="demo-done">{ format!("✓ {}{}{n}", msg.get(lang), lang.colon()) }</p>
                    },
                    DemoState::Failed(message) => html! {
                        <p class="notice error" role="alert" data-testid="demo-error">{ message.clone() }</p>
                    },
                    DemoState::Idle | DemoState::Working => match count.state() {
                        Load::Failed(err) => failed_view(err, lang, count.reloader()),
                        _ if present > 0 => html! {
                            <p data-testid="demo-present">{ format!("{}{}{present}", Msg::DemoPresent.get(lang), lang.colon()) }</p>
                        },
                        _ => html! {},
                    },
                }
            }
            <div class="actions">
                <button type="button" class="primary" disabled={working} onclick={run(false)} data-testid="demo-load">
                    { if working { Msg::DemoWorking.get(lang) } else { Msg::DemoLoad.get(lang) } }
                </button>
                if present > 0 {
                    <button type="button" disabled={working} onclick={run(true)} data-testid="demo-remove">
                        { Msg::DemoRemove.get(lang) }
                    </button>
                }
            </div>
        </div>
    }
}
