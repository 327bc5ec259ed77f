//! Two buttons any list can show: "export CSV" and "export CSV without
//! resident details". The list supplies a builder that makes the table of
//! exactly the rows its current filter shows, in its order; the component
//! writes the CSV (UTF-8 with BOM) and hands it to the browser as a download.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::file_io::download_text;
use crate::app::platform::today_local;
use crate::app::{lists, Db};
use crate::domain::csv::{csv_file_name, demands_table, DemandLine, Names, Table};
use crate::domain::demand_list::DemandRow;
use crate::domain::kinds::{Demand, Kind};
use crate::i18n::{ExchangeMsg, Lang, Text};
use crate::ui::hooks::{use_app, use_busy};

/// The future a builder returns: the table, or why it could not be made.
pub type TableFuture = Pin<Box<dyn Future<Output = Result<Table, Text>>>>;

/// Makes the table to export; `true` asks for the redacted version.
#[derive(Clone)]
pub struct CsvBuilder(pub Rc<dyn Fn(bool, Lang) -> TableFuture>);

impl PartialEq for CsvBuilder {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct CsvDownloadProps {
    /// The list's name in the file name: `doorstep-<list>-<date>.csv`.
    pub list: AttrValue,
    pub build: CsvBuilder,
}

#[function_component(CsvDownload)]
pub fn csv_download(props: &CsvDownloadProps) -> Html {
    let lang = use_app().lang;
    let busy = use_busy();
    let error = use_state(|| None::<Text>);
    let run = |redacted: bool| {
        let (busy, error, build, list) = (
            busy.clone(),
            error.clone(),
            props.build.clone(),
            props.list.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if !busy.start() {
                return;
            }
            error.set(None);
            let (busy, error, build, list) =
                (busy.clone(), error.clone(), build.clone(), list.clone());
            spawn_local(async move {
                let outcome = match (build.0)(redacted, lang).await {
                    Ok(table) => {
                        let name = csv_file_name(&list, &today_local(), redacted);
                        download_text(&table.to_csv(), &name, "text/csv;charset=utf-8")
                            .map_err(|_| ExchangeMsg::DownloadFailed.text())
                    }
                    Err(text) => Err(text),
                };
                busy.finish();
                if let Err(text) = outcome {
                    error.set(Some(text));
                }
            });
        })
    };
    html! {
        <div class="csv-download" data-testid="csv-download">
            <button type="button" disabled={busy.is_busy()} onclick={run(false)} data-testid="csv-export">{ ExchangeMsg::CsvExport.get(lang) }</button>
            <button type="button" disabled={busy.is_busy()} onclick={run(true)} data-testid="csv-export-redacted">{ ExchangeMsg::CsvRedacted.get(lang) }</button>
            if let Some(text) = &*error {
                <p class="notice error" role="alert" data-testid="csv-error">{ ExchangeMsg::CsvFailed.get(lang) }{ lang.colon() }{ text.get(lang) }</p>
            }
        </div>
    }
}

/// The demand list's builder: the rows `hits` picks from `rows`, in that order,
/// with each demand's full data, community and reporter names read from the store.
pub fn demands_csv(
    store: Option<Db>,
    rows: Rc<Vec<DemandRow>>,
    hits: Rc<Vec<usize>>,
) -> CsvBuilder {
    CsvBuilder(Rc::new(move |redacted, lang| {
        let (store, rows, hits) = (store.clone(), rows.clone(), hits.clone());
        Box::pin(async move {
            let db = store.ok_or_else(store_not_open)?;
            let all: Vec<(String, Demand)> = lists::load_kind(&db, Kind::Demand)
                .await
                .map_err(|e| e.text())?;
            let demands: std::collections::HashMap<&str, &Demand> =
                all.iter().map(|(id, d)| (id.as_str(), d)).collect();
            let names = lists::names(&db).await.map_err(|e| e.text())?;
            let lines: Vec<DemandLine<'_>> = hits
                .iter()
                .filter_map(|&i| rows.get(i))
                .filter_map(|row| {
                    Some(DemandLine {
                        id: &row.id,
                        demand: *demands.get(row.id.as_str())?,
                        status: row.status,
                    })
                })
                .collect();
            Ok(demands_table(&lines, &names, lang, redacted))
        })
    }))
}

/// Makes a table from the rows a list shows (id and typed record), the
/// names, the language and whether to redact.
pub type TableMaker<T> = Rc<dyn Fn(&[(&str, &T)], &Names, Lang, bool) -> Table>;

/// The builder for any other list: exactly `rows` (what its filter shows, in
/// its order), turned into a table by `make`.
pub fn list_csv<T: 'static>(
    store: Option<Db>,
    rows: Rc<Vec<(String, T)>>,
    make: TableMaker<T>,
) -> CsvBuilder {
    CsvBuilder(Rc::new(move |redacted, lang| {
        let (store, rows, make) = (store.clone(), rows.clone(), make.clone());
        Box::pin(async move {
            let db = store.ok_or_else(store_not_open)?;
            let names = lists::names(&db).await.map_err(|e| e.text())?;
            let lines: Vec<(&str, &T)> = rows.iter().map(|(id, r)| (id.as_str(), r)).collect();
            Ok(make(&lines, &names, lang, redacted))
        })
    }))
}

fn store_not_open() -> Text {
    Text::new(
        "本机数据尚未打开，请稍后重试。",
        "This device's data is not open yet; try again in a moment.",
    )
}
