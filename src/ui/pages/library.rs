//! The legal-knowledge library (法务知识): short articles and Q&A by legal
//! envoys, on every phone offline (they travel in bundles), found by any Chinese
//! substring; envoys and coordinators write new ones here.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::modules::load_library;
use crate::app::platform::today_local;
use crate::app::records;
use crate::domain::kinds::{Kind, LegalArticle, Team};
use crate::domain::library::search;
use crate::i18n::ModuleMsg;
use crate::ui::components::office_form::{save_problems, SaveState};
use crate::ui::hooks::{use_app, use_load};

#[function_component(LibraryPage)]
pub fn library_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move { load_library(&db).await });
    let query = use_state(String::new);
    let writing = use_state(|| false);
    let title = use_state(String::new);
    let body = use_state(String::new);
    let tags = use_state(String::new);
    let author = use_state(String::new);
    let featured = use_state(|| false);
    let save_state = use_state(|| SaveState::Idle);
    let saved = use_state(|| false);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let (articles, members) = &*data;
    let found = search(articles, &query);
    let author_name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| members.iter().find(|(m, _)| m == id))
            .map(|(_, m)| m.name.clone())
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let toggle = {
        let writing = writing.clone();
        Callback::from(move |_: MouseEvent| writing.set(!*writing))
    };
    let input = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| {
            handle.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let area = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| {
            handle.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_author = {
        let author = author.clone();
        Callback::from(move |e: Event| {
            author.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let on_featured = {
        let featured = featured.clone();
        Callback::from(move |e: Event| {
            featured.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let on_submit = {
        let (state, save_state, saved, loaded) = (
            state.clone(),
            save_state.clone(),
            saved.clone(),
            loaded.clone(),
        );
        let (title, body, tags, author, featured) = (
            title.clone(),
            body.clone(),
            tags.clone(),
            author.clone(),
            featured.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let tag_list: Vec<String> = tags
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            let article = LegalArticle {
                title: title.trim().to_string(),
                body: body.trim().to_string(),
                author_id: Some((*author).clone()).filter(|a| !a.is_empty()),
                on: today_local(),
                tags: tag_list,
                featured: *featured,
                internal: false,
                extra: Default::default(),
            };
            let data = match crate::ui::components::office_form::record_data(&article) {
                Ok(data) => data,
                Err(err) => return save_state.set(SaveState::Failed(err)),
            };
            save_state.set(SaveState::Saving);
            let (save_state, saved, loaded, title, body, tags) = (
                save_state.clone(),
                saved.clone(),
                loaded.clone(),
                title.clone(),
                body.clone(),
                tags.clone(),
            );
            spawn_local(async move {
                match records::create(&db, &device.id, Kind::LegalArticle, data).await {
                    Ok(_) => {
                        save_state.set(SaveState::Idle);
                        saved.set(true);
                        title.set(String::new());
                        body.set(String::new());
                        tags.set(String::new());
                        loaded.reload();
                    }
                    Err(err) => save_state.set(SaveState::Failed(err)),
                }
            });
        })
    };
    let envoys = members
        .iter()
        .filter(|(_, m)| m.team == Team::LegalEnvoy && m.active);
    let saving = *save_state == SaveState::Saving;
    html! {
        <section data-testid="page-library">
            <div class="page-head">
                <h1 data-testid="page-title">{ ModuleMsg::LibraryTitle.get(lang) }</h1>
                <button type="button" class="primary" onclick={toggle} data-testid="library-write">{ ModuleMsg::LibraryNew.get(lang) }</button>
            </div>
            <p class="muted">{ ModuleMsg::LibraryIntro.get(lang) }</p>
            if *writing {
                <form class="form card" onsubmit={on_submit} data-testid="library-form" novalidate=true>
                    <label>
                        <span>{ ModuleMsg::LibraryArticleTitle.get(lang) }</span>
                        <input type="text" value={(*title).clone()} maxlength="80" oninput={input(&title)} data-testid="library-title" />
                    </label>
                    <label>
                        <span>{ ModuleMsg::LibraryArticleBody.get(lang) }</span>
                        <textarea rows="6" value={(*body).clone()} oninput={area(&body)} data-testid="library-body" />
                    </label>
                    <label>
                        <span>{ ModuleMsg::LibraryArticleTags.get(lang) }</span>
                        <input type="text" value={(*tags).clone()} maxlength="80" oninput={input(&tags)} data-testid="library-tags" />
                    </label>
                    <label>
                        <span>{ ModuleMsg::LibraryArticleAuthor.get(lang) }</span>
                        <select onchange={on_author} data-testid="library-author">
                            <option value="" selected={author.is_empty()}>{ ModuleMsg::ConsultationChoose.get(lang) }</option>
                            { for envoys.map(|(id, m)| html! {
                                <option value={id.clone()} selected={*author == *id}>{ m.name.clone() }</option>
                            }) }
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" checked={*featured} onchange={on_featured} data-testid="library-featured" />
                        <span>{ ModuleMsg::LibraryArticleFeatured.get(lang) }</span>
                    </label>
                    { save_problems(&save_state, "library-error", lang) }
                    <button type="submit" class="primary" disabled={saving} data-testid="library-save">{ ModuleMsg::LibrarySave.get(lang) }</button>
                </form>
            }
            if *saved && *save_state == SaveState::Idle {
                <p class="notice ok" role="status" data-testid="library-saved">{ ModuleMsg::LibrarySaved.get(lang) }</p>
            }
            <input type="search" class="search" value={(*query).clone()} oninput={on_query}
                placeholder={ModuleMsg::LibrarySearch.get(lang)} aria-label={ModuleMsg::LibrarySearch.get(lang)} data-testid="library-search" />
            <p class="muted small" data-testid="library-count">{ format!("{} {}", found.len(), ModuleMsg::LibraryCount.get(lang)) }</p>
            if articles.is_empty() {
                <p class="notice" data-testid="library-none">{ ModuleMsg::LibraryNone.get(lang) }</p>
            } else if found.is_empty() {
                <p class="notice" data-testid="library-nothing">{ ModuleMsg::LibraryNothing.get(lang) }</p>
            }
            <ul class="cards" data-testid="library-list">
                { for found.iter().map(|(id, a)| html! {
                    <li key={id.clone()}>
                        <details class="card library-article" data-testid="library-article" data-id={id.clone()}>
                            <summary>
                                <strong data-testid="library-article-title">{ a.title.clone() }</strong>
                                if a.featured { { " " }<span class="tag status-resolved">{ ModuleMsg::LibraryFeatured.get(lang) }</span> }
                            </summary>
                            <p class="pre" data-testid="library-article-body">{ a.body.clone() }</p>
                            <p class="muted small">
                                { a.on.clone() }
                                if let Some(name) = author_name(&a.author_id) { { " · " }{ name } }
                                if !a.tags.is_empty() { { " · " }{ a.tags.join("、") } }
                            </p>
                        </details>
                    </li>
                }) }
            </ul>
        </section>
    }
}
