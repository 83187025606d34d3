//! `cargo xtask bench` prints its table: every lesson and scenario, the floor, the totals
//! against their targets. The figures themselves are measured, never asserted.

mod bound;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

#[test]
fn bench_prints_every_lesson_beside_its_floor_and_the_totals() {
    Command::cargo_bin("xtask")
        .expect("the xtask binary")
        .env("LC_ALL", "C.UTF-8")
        .args(["bench", "--runs", "1"])
        .timeout(bound::COMMAND)
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(
            contains("play")
                .and(contains("floor"))
                .and(contains("ratio")),
        )
        .stdout(contains("01 single exchange").and(contains("   refused-after-close")))
        .stdout(contains("08 UDP error cases").and(contains("   long-datagram")))
        .stdout(contains("lessons 01–07, one after another"))
        .stdout(contains("target ≤ 2000.0 ms"))
        .stdout(contains("median of 1 runs"))
        .stdout(contains("10 many friends at once").and(contains("forwarded/s")))
        .stdout(contains("1 friend alone").and(contains("200 friends at once")));
}
