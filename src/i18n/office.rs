//! Messages of the office pages: members, communities, activities, outcomes.

use super::messages;

messages! {
OfficeMsg {
    MembersTitle => "成员", "Members";
}
}
