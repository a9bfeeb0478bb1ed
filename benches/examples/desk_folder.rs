//! The desk over a full exchange folder, as a clinic keeps months of result files: `FILES` results
//! already in `res`, then the desk started (`onshi desk`, its own process), its CPU use while idle
//! read from /proc over thirty seconds, and the time from a new file landing to its result being
//! listed (`GET /v1/results?after=ID`, what the page asks when told), fifty times.
//!
//! Run: `cargo build --release -p onshi-cli -p onshi-benches --example desk_folder &&
//! target/release/examples/desk_folder target/release/onshi [FILES]` (default 10,000).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let onshi = args
        .next()
        .expect("usage: desk_folder PATH/TO/onshi [FILES]");
    let files: usize = args
        .next()
        .map_or(10_000, |n| n.parse().expect("FILES is a number"));
    let dir = std::env::temp_dir().join(format!("onshi-desk-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("res")).expect("the folder");
    std::fs::create_dir_all(dir.join("face")).expect("the folder");
    let xml = onshi_benches::face_file(true);
    for i in 0..files {
        std::fs::write(dir.join(format!("res/OQSsiquc01res_OLD{i:06}.xml")), &xml).expect("a file");
    }
    let mut desk = Command::new(&onshi)
        .args(["desk", "--port", "0", "--quiet", "--exchange"])
        .arg(&dir)
        .arg("--state")
        .arg(dir.join("state"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("onshi desk starts");
    let mut line = String::new();
    BufReader::new(desk.stdout.take().expect("its output"))
        .read_line(&mut line)
        .expect("its address");
    let addr = line
        .trim()
        .trim_start_matches("onshi desk: http://")
        .trim_end_matches('/')
        .to_owned();
    // Settled: the first look at the folder done.
    std::thread::sleep(Duration::from_secs(5));

    // Thirty seconds: one look at every file (every 30 s) falls inside.
    let ticks = || cpu_ticks(desk.id());
    let (before, started) = (ticks(), Instant::now());
    std::thread::sleep(Duration::from_secs(30));
    let idle = (ticks() - before) as f64 / clock_ticks() / started.elapsed().as_secs_f64();

    let mut after = last_id(&addr);
    let mut latencies = Vec::new();
    for i in 0..50 {
        let part = dir.join(format!("res/.new{i}.part"));
        std::fs::write(&part, &xml).expect("a file");
        let landed = Instant::now();
        std::fs::rename(&part, dir.join(format!("res/OQSsiquc01res_NEW{i:03}.xml")))
            .expect("landed");
        loop {
            let last = last_id(&addr);
            if last > after {
                after = last;
                break;
            }
            assert!(
                landed.elapsed() < Duration::from_secs(30),
                "the file never came"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        latencies.push(landed.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    latencies.sort();
    let at = |q: f64| {
        latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    println!(
        "{files} files in the folder: idle CPU {:.2} % of a core; a new file listed after p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        idle * 100.0,
        at(0.50).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    let _ = desk.kill();
    let _ = desk.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The process's user and system time so far, in clock ticks (/proc/PID/stat fields 14 and 15).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc is there");
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

/// Clock ticks per second (USER_HZ): 100 on Linux.
fn clock_ticks() -> f64 {
    100.0
}

/// The newest result id the desk lists.
fn last_id(addr: &str) -> u64 {
    let mut stream = TcpStream::connect(addr).expect("the desk answers");
    write!(
        stream,
        "GET /v1/results?after=999999999 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("a request");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("an answer");
    raw.split("\"last\":")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
