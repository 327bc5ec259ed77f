//! Messages of the Exchange page (export, import, ledger) and the conflict screen.

use super::messages;

messages! {
ExchangeMsg {
    Title => "数据交换", "Exchange";
}
}
