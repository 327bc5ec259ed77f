//! The Points page's parts: manual entries, redemption, rule and reward editing.

mod manual_form;
mod redeem_form;
mod reward_catalogue;
mod reward_form;
mod rule_form;
mod shared;

pub use manual_form::ManualForm;
pub use redeem_form::RedeemForm;
pub use reward_catalogue::RewardCatalogue;
pub use rule_form::RuleForm;
pub use shared::FormProps;
