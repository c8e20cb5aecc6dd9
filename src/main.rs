/// mimalloc, configured in `main`: see `copydesk::alloc` for why.
#[global_allocator]
static GLOBAL: copydesk::alloc::Allocator = copydesk::alloc::Allocator;

fn main() {
    copydesk::alloc::configure();
    std::process::exit(copydesk::cli::main());
}
