//! Reusable pieces of the shell and the pages.

pub mod charts;
pub mod community_add;
pub mod compound_form;
pub mod coverage_card;
pub mod coverage_view;
pub mod csv_download;
pub mod demand_actions;
pub mod demand_editor;
pub mod demo_card;
pub mod device_setup;
pub mod export_panel;
pub mod export_reminder;
pub mod import_ledger;
pub mod import_panel;
pub mod make_topic;
pub mod merge_table;
pub mod my_doors_card;
pub mod nav;
pub mod office_form;
pub mod points;
pub mod record_counts;
pub mod record_pickers;
pub mod update_banner;
