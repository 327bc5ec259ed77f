//! Settings: language, this device's identity and label, storage persistence and usage.

use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::device::{self, Role};
use crate::app::lists;
use crate::app::platform::{self, human_bytes};
use crate::domain::kinds::{Kind, Member};
use crate::i18n::{Lang, Msg, PointsMsg};
use crate::ui::components::device_setup::DeviceForm;
use crate::ui::components::lock_card::LockCard;
use crate::ui::hooks::set_lang;
use crate::ui::hooks::{failed_view, use_app, use_load, Load};
use crate::ui::office::{Office, OfficeView};
use crate::ui::state::Action;

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let editing = use_state(|| false);

    // Usage changes as data is written: refresh it whenever Settings opens.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                state.dispatch(Action::Storage(platform::storage_info().await));
            });
        });
    }

    let lang_button = |target: Lang, label: &'static str, testid: &'static str| {
        let state = state.clone();
        let onclick = Callback::from(move |_| set_lang(&state, target));
        html! {
            <button type="button" class={classes!("choice", (lang == target).then_some("selected"))}
                aria-pressed={(lang == target).to_string()} data-testid={testid} {onclick}>
                { label }
            </button>
        }
    };

    let device = state.device.clone();
    let storage = state.storage.clone();
    let persist_text = match storage.persisted {
        Some(true) => Msg::PersistGranted,
        Some(false) => Msg::PersistDenied,
        None => Msg::PersistUnknown,
    };
    let on_ask = {
        let state = state.clone();
        Callback::from(move |_| {
            let state = state.clone();
            spawn_local(async move {
                platform::request_persist().await;
                state.dispatch(Action::Storage(platform::storage_info().await));
            });
        })
    };
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(true))
    };
    let on_done = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(false))
    };

    html! {
        <section data-testid="page-settings">
            <h1 data-testid="page-title">{ Msg::NavSettings.get(lang) }</h1>

            <div class="card">
                <h2>{ Msg::SettingsLanguage.get(lang) }</h2>
                <div class="choices">
                    { lang_button(Lang::Zh, "简体中文", "lang-zh") }
                    { lang_button(Lang::En, "English", "lang-en") }
                </div>
            </div>

            <div class="card">
                <h2>{ Msg::SettingsDevice.get(lang) }</h2>
                if let Some(device) = device {
                    <dl class="facts">
                        <dt>{ Msg::SettingsDeviceLabel.get(lang) }</dt>
                        <dd data-testid="device-label">{ device.label() }</dd>
                        <dt>{ Msg::SettingsDeviceId.get(lang) }</dt>
                        <dd class="mono" data-testid="device-id">{ device.id.clone() }</dd>
                    </dl>
                    <MemberLink />
                    <RoleSwitch />
                    if *editing {
                        <DeviceForm cancellable=true {on_done} />
                    } else {
                        <button type="button" onclick={on_edit} data-testid="device-edit">
                            { Msg::Edit.get(lang) }
                        </button>
                    }
                }
            </div>

            <LockCard />

            <Office view={OfficeView::Demo} />

            <Office view={OfficeView::Sync} />

            <div class="card" data-testid="storage-card">
                <h2>{ Msg::SettingsStorage.get(lang) }</h2>
                <dl class="facts">
                    <dt>{ Msg::SettingsPersisted.get(lang) }</dt>
                    <dd data-testid="storage-persisted"
                        data-state={storage.persisted.map(|p| p.to_string()).unwrap_or_else(|| "unknown".into())}>
                        { persist_text.get(lang) }
                    </dd>
                    if let (Some(used), Some(quota)) = (storage.usage_bytes, storage.quota_bytes) {
                        <dt>{ Msg::StorageUsed.get(lang) }</dt>
                        <dd data-testid="storage-used">{ human_bytes(used) }</dd>
                        <dt>{ Msg::StorageAvailable.get(lang) }</dt>
                        <dd data-testid="storage-available">{ human_bytes((quota - used).max(0.0)) }</dd>
                    } else {
                        <dd>{ Msg::StorageUnknown.get(lang) }</dd>
                    }
                </dl>
                <crate::ui::components::photos::PhotoRoom />
                if storage.persisted != Some(true) {
                    <button type="button" onclick={on_ask} data-testid="storage-ask">
                        { Msg::PersistAsk.get(lang) }
                    </button>
                }
            </div>
        </section>
    }
}

/// This device's role (representative or coordinator), stored locally.
#[function_component(RoleSwitch)]
fn role_switch() -> Html {
    let state = use_app();
    let lang = state.lang;
    let Some(device) = state.device.clone() else {
        return html! {};
    };
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (Some(store), Some(mut dev), Some(role)) =
                (state.db(), state.device.clone(), Role::parse(&value))
            else {
                return;
            };
            dev.role = role;
            let state = state.clone();
            spawn_local(async move {
                if device::save(&store, &dev).await.is_ok() {
                    state.dispatch(Action::DeviceLoaded(dev));
                }
            });
        })
    };
    let option = |role: Role, label: PointsMsg| {
        html! {
            <option value={role.as_str()} selected={device.role == role}>{ label.get(lang) }</option>
        }
    };
    html! {
        <label class="form-row">
            <span class="muted">{ PointsMsg::RoleLabel.get(lang) }</span>
            <select {onchange} data-testid="device-role">
                { option(Role::Representative, PointsMsg::RoleRepresentative) }
                { option(Role::Coordinator, PointsMsg::RoleCoordinator) }
            </select>
            <span class="muted small">{ PointsMsg::RoleHint.get(lang) }</span>
        </label>
    }
}

/// Links this device to a member record (reporter of captures, author of events).
#[function_component(MemberLink)]
fn member_link() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load(lang, |db, lang| async move {
        let mut named: Vec<(String, String)> = lists::load_kind::<Member>(&db, Kind::Member)
            .await?
            .into_iter()
            .filter(|(_, m)| m.active)
            .map(|(id, m)| (id, format!("{} · {}", m.name, m.team.label(lang))))
            .collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(named)
    });
    let members = match loaded.state() {
        Load::Loading => return html! {},
        Load::Failed(err) => return failed_view(err, lang, loaded.reloader()),
        Load::Ready(members) => members.clone(),
    };
    let Some(device) = state.device.clone() else {
        return html! {};
    };
    let current = device.member_id.clone().unwrap_or_default();
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (Some(store), Some(mut dev)) = (state.db(), state.device.clone()) else {
                return;
            };
            dev.member_id = (!value.is_empty()).then_some(value);
            let state = state.clone();
            spawn_local(async move {
                if device::save(&store, &dev).await.is_ok() {
                    state.dispatch(Action::DeviceLoaded(dev));
                }
            });
        })
    };
    html! {
        <label class="form-row">
            <span class="muted">{ Msg::SettingsDeviceMember.get(lang) }</span>
            <select {onchange} data-testid="device-member">
                <option value="" selected={current.is_empty()}>{ Msg::SettingsDeviceMemberNone.get(lang) }</option>
                { for members.iter().map(|(id, name)| html! {
                    <option value={id.clone()} selected={*id == current}>{ name.clone() }</option>
                }) }
            </select>
            <span class="muted small">{ Msg::SettingsDeviceMemberHint.get(lang) }</span>
        </label>
    }
}
