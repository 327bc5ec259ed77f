//! Mounts the app; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    doorstep::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Doorstep is a browser app: build it with `scripts/serve` (Trunk).");
}
