//! Rebuilds when the built-in rule pack changes: `include_dir!` does not track files.

fn main() {
    println!("cargo:rerun-if-changed=rules");
}
