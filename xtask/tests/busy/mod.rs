//! Keeping every core busy while a test plays, for the tests that show a transcript does
//! not depend on the machine's load.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Keeps every core busy while `work` runs: one spinning thread per core, each stopping when
/// the work is done (also when it panics), or after 5 minutes whatever happens.
pub fn with_every_core_busy<T>(work: impl FnOnce() -> T) -> T {
    let cores = thread::available_parallelism().map_or(2, |n| n.get());
    let done = AtomicBool::new(false);
    thread::scope(|scope| {
        for _ in 0..cores {
            scope.spawn(|| {
                let limit = Instant::now() + Duration::from_secs(300);
                let mut x = 1u64;
                while !done.load(Ordering::Relaxed) && Instant::now() < limit {
                    for _ in 0..10_000 {
                        x = std::hint::black_box(
                            x.wrapping_mul(6364136223846793005).wrapping_add(1),
                        );
                    }
                }
            });
        }
        // Stop the spinners even if the work panics.
        struct Stop<'a>(&'a AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let _stop = Stop(&done);
        work()
    })
}
