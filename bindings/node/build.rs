//! Links the Node-API symbols (resolved by node when it loads the module).
fn main() {
    napi_build::setup();
}
