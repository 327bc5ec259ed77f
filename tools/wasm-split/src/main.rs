//! Splits the raw wasm that rustc/wasm-ld wrote (linked with `--emit-relocs`) at the
//! `#[wasm_split]` points, before wasm-bindgen runs: `doorstep-wasm-split IN.wasm OUT_DIR`.
//! Writes OUT_DIR/main.wasm (for wasm-bindgen), one .wasm per lazy part, and
//! OUT_DIR/__wasm_split.js (the loader the main module imports).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: doorstep-wasm-split IN.wasm OUT_DIR");
        return ExitCode::from(2);
    };
    let wasm = match std::fs::read(input) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("cannot read {input}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let out_dir = PathBuf::from(output);
    let main_out = out_dir.join("main.wasm");
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = &out_dir;
    opts.main_out_path = &main_out;
    match wasm_split_cli_support::transform(opts) {
        Ok(split) => {
            for part in &split.split_modules {
                println!("{}", part.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("wasm split failed: {err:?}");
            ExitCode::FAILURE
        }
    }
}
