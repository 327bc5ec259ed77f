//! Photos on a record: thumbnails (or "photo not on this device"), the full
//! view on tap, and taking or choosing new ones. [`PhotoPicker`] edits a list
//! of photo ids held by a form (capture); [`RecordPhotos`] edits the list of
//! a stored demand or household (an ordinary edit of the record).

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::file_io::files_of;
use crate::app::photos;
use crate::app::AppError;
use crate::domain::kinds::Kind;
use crate::i18n::{Lang, PhotoMsg};
use crate::ui::hooks::{use_app, use_load, Load};

#[derive(Properties, PartialEq)]
pub struct ThumbProps {
    pub id: String,
    /// Given: a "remove" button under the thumbnail.
    #[prop_or_default]
    pub on_remove: Option<Callback<String>>,
}

/// One photo: its thumbnail (a button opening the full view), or the
/// "not on this device" placeholder.
#[function_component(PhotoThumb)]
pub fn photo_thumb(props: &ThumbProps) -> Html {
    let lang = use_app().lang;
    let open = use_state(|| false);
    // The bytes through use_load (a storage failure is shown as one, not as
    // "missing"); the object URL lives as long as those bytes are shown.
    let loaded = use_load(props.id.clone(), |db, id| async move {
        photos::photo(&db, &id).await
    });
    let url = use_state(|| None::<String>);
    {
        let url = url.clone();
        use_effect_with(loaded.data(), move |data| {
            // Ready: the URL, or "" when the photo is not on this device.
            let made = data.as_ref().map(|photo| match photo.as_ref() {
                Some(photo) => photos::object_url(photo).unwrap_or_default(),
                None => String::new(),
            });
            url.set(made.clone());
            move || {
                if let Some(u) = made.filter(|u| !u.is_empty()) {
                    photos::revoke_url(&u);
                }
            }
        });
    }
    let url: Option<Result<String, AppError>> = match loaded.state() {
        Load::Loading => None,
        Load::Failed(err) => Some(Err(err.clone())),
        Load::Ready(_) => (*url).clone().map(Ok),
    };
    let short: String = props.id.chars().take(8).collect();
    let remove = props.on_remove.clone().map(|cb| {
        let id = props.id.clone();
        html! {
            <button type="button" class="small-button photo-remove" data-testid="photo-remove"
                aria-label={format!("{} {short}", PhotoMsg::Remove.get(lang))}
                onclick={Callback::from(move |_| cb.emit(id.clone()))}>{ "✕" }</button>
        }
    });
    let body = match &url {
        None => html! { <span class="photo-thumb loading" aria-busy="true"></span> },
        Some(Err(err)) => {
            html! { <span class="photo-thumb missing" role="img" aria-label={err.message(lang)}>{ "!" }</span> }
        }
        Some(Ok(u)) if u.is_empty() => html! {
            <span class="photo-thumb missing" data-testid="photo-missing" title={PhotoMsg::MissingHint.get(lang)}>
                { PhotoMsg::Missing.get(lang) }
            </span>
        },
        Some(Ok(u)) => {
            let toggle = {
                let open = open.clone();
                Callback::from(move |_| open.set(!*open))
            };
            html! {
                <>
                    <button type="button" class="photo-thumb" data-testid="photo-thumb" onclick={toggle.clone()}
                        aria-label={PhotoMsg::Open.get(lang)}>
                        <img src={u.clone()} alt={format!("{} {short}", PhotoMsg::Heading.get(lang))} loading="lazy" />
                    </button>
                    if *open {
                        <div class="photo-viewer" role="dialog" aria-modal="true"
                            aria-label={PhotoMsg::Heading.get(lang)} data-testid="photo-viewer">
                            <img src={u.clone()} alt={format!("{} {short}", PhotoMsg::Heading.get(lang))} />
                            <button type="button" class="primary" onclick={toggle} data-testid="photo-viewer-close">
                                { PhotoMsg::Close.get(lang) }
                            </button>
                        </div>
                    }
                </>
            }
        }
    };
    html! { <li class="photo">{ body }{ for remove }</li> }
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// The ids listed now.
    pub photos: Vec<String>,
    /// Called with the new list after a photo was stored or removed.
    pub on_change: Callback<Vec<String>>,
}

/// Thumbnails of `photos` with "remove", and the button that takes or
/// chooses more. A photo is compressed and stored before it is listed;
/// a refusal (not a picture, storage nearly full) is said and changes nothing.
#[function_component(PhotoPicker)]
pub fn photo_picker(props: &PickerProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let working = use_state(|| false);
    let error = use_state(|| None::<AppError>);
    let on_files = {
        let (photos_now, on_change, working, error) = (
            props.photos.clone(),
            props.on_change.clone(),
            working.clone(),
            error.clone(),
        );
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let files = files_of(input.files());
            input.set_value("");
            let Some(db) = state.db() else { return };
            if files.is_empty() {
                return;
            }
            let (mut list, on_change, working, error) = (
                photos_now.clone(),
                on_change.clone(),
                working.clone(),
                error.clone(),
            );
            working.set(true);
            error.set(None);
            spawn_local(async move {
                for file in files {
                    match photos::add_photo(&db, &file).await {
                        Ok(id) => {
                            if !list.contains(&id) {
                                list.push(id);
                                on_change.emit(list.clone());
                            }
                        }
                        Err(err) => {
                            error.set(Some(err));
                            break;
                        }
                    }
                }
                working.set(false);
            });
        })
    };
    let on_remove = {
        let (photos_now, on_change) = (props.photos.clone(), props.on_change.clone());
        Callback::from(move |id: String| {
            let list: Vec<String> = photos_now.iter().filter(|p| **p != id).cloned().collect();
            on_change.emit(list);
        })
    };
    html! {
        <div class="photos" data-testid="photo-picker">
            if !props.photos.is_empty() {
                <ul class="photo-list">
                    { for props.photos.iter().map(|id| html! {
                        <PhotoThumb key={id.clone()} id={id.clone()} on_remove={on_remove.clone()} />
                    }) }
                </ul>
            }
            <label class="button photo-add">
                { if *working { PhotoMsg::Working.get(lang) } else { PhotoMsg::Add.get(lang) } }
                <input type="file" accept="image/*" capture="environment" multiple=true
                    disabled={*working} onchange={on_files} data-testid="photo-input" />
            </label>
            <p class="muted small">{ PhotoMsg::AddHint.get(lang) }</p>
            if let Some(err) = &*error {
                <p class="notice error" role="alert" data-testid="photo-error">{ err.message(lang) }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RecordPhotosProps {
    pub id: String,
    /// `Kind::Demand` or `Kind::Household`.
    pub kind: Kind,
    /// Called after each saved change, so the page reads the new version
    /// before its own forms edit the record again.
    #[prop_or_default]
    pub on_saved: Callback<()>,
}

/// The photos of a stored demand or household, with adding and removing
/// (each an ordinary edit of the record).
#[function_component(RecordPhotos)]
pub fn record_photos(props: &RecordPhotosProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let kind = props.kind;
    let load = use_load(props.id.clone(), move |db, id| async move {
        photos::record_photos(&db, &id, kind).await
    });
    let failed = use_state(|| None::<AppError>);
    let on_change = {
        let (state, id, load, failed, on_saved) = (
            state.clone(),
            props.id.clone(),
            load.clone(),
            failed.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |list: Vec<String>| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (id, load, failed, on_saved) =
                (id.clone(), load.clone(), failed.clone(), on_saved.clone());
            spawn_local(async move {
                match photos::set_record_photos(&db, &device.id, &id, kind, &list).await {
                    Ok(()) => {
                        failed.set(None);
                        on_saved.emit(());
                    }
                    Err(err) => failed.set(Some(err)),
                }
                load.reload();
            });
        })
    };
    html! {
        <section class="card record-photos" data-testid="record-photos">
            <h2>{ PhotoMsg::Heading.get(lang) }</h2>
            { load.view(lang, |ids| html! { <PhotoPicker photos={ids.clone()} on_change={on_change.clone()} /> }) }
            if let Some(err) = &*failed {
                <p class="notice error" role="alert">{ err.message(lang) }</p>
            }
        </section>
    }
}

/// Read-only thumbnails of `ids` (nothing when empty).
pub fn thumbnails(ids: &[String], _lang: Lang) -> Html {
    if ids.is_empty() {
        return html! {};
    }
    html! {
        <ul class="photo-list" data-testid="photo-thumbs">
            { for ids.iter().map(|id| html! { <PhotoThumb key={id.clone()} id={id.clone()} /> }) }
        </ul>
    }
}

/// "Room taken by photos": how many are stored and their bytes (Settings).
#[function_component(PhotoRoom)]
pub fn photo_room() -> Html {
    let lang = use_app().lang;
    let load = use_load((), |db, ()| async move { photos::total(&db).await });
    html! {
        <p data-testid="storage-photos">
            { PhotoMsg::Room.get(lang) }{ lang.colon() }
            { load.view(lang, |total| html! {
                <span data-testid="storage-photos-bytes" data-count={total.count.to_string()}>
                    { format!("{} ({} {})", crate::app::platform::human_bytes(total.bytes as f64), total.count, PhotoMsg::Count.get(lang)) }
                </span>
            }) }
        </p>
    }
}
