//! 1,000 decisions through the desk's HTTP API from local clients, on loopback: throughput and
//! latency percentiles. The desk runs in this process (release build, as `onshi desk` does); each
//! client keeps one HTTP/1.1 connection open and sends its share of `POST /v1/decide` one after
//! another, as a receipt system at a desk would.
//!
//! Run: `cargo run --release -p onshi-benches --example desk_load [-- REQUESTS CLIENTS]`
//! (defaults 1000 and 4; the request count is bounded at 100,000).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const VISIT: &str = r#"{"at": "2026-01-15", "patient": {"birth_date": "1980-01-01"}, "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("REQUESTS and CLIENTS are numbers"))
        .collect();
    let requests = args.first().copied().unwrap_or(1000).clamp(1, 100_000);
    let clients = args.get(1).copied().unwrap_or(4).clamp(1, 64);

    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let mut config = onshi_desk::DeskConfig::new(onshi::RuleSet::builtin());
            config.listen = "127.0.0.1:0".parse().expect("an address");
            let server = onshi_desk::bind(config).await.expect("the desk starts");
            tx.send(server.local_addr()).expect("the address is read");
            server.run().await.expect("the desk serves");
        });
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the desk started");

    // Each client connects and sends one warm-up request; the clock starts when all have.
    let ready = std::sync::Arc::new(std::sync::Barrier::new(clients + 1));
    let workers: Vec<_> = (0..clients)
        .map(|i| {
            let share = requests / clients + usize::from(i < requests % clients);
            let ready = std::sync::Arc::clone(&ready);
            std::thread::spawn(move || client(addr, share, &ready))
        })
        .collect();
    ready.wait();
    let started = Instant::now();
    let mut latencies: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a client finished"))
        .collect();
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    println!(
        "{} decisions over {clients} connection(s) in {:.3} s: {:.0} per second; latency p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
    );
}

/// Sends `count` decisions on one keep-alive connection; the latency of each.
fn client(addr: SocketAddr, count: usize, ready: &std::sync::Barrier) -> Vec<Duration> {
    let stream = TcpStream::connect(addr).expect("a connection");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    let mut writer = stream.try_clone().expect("a second handle");
    let mut reader = BufReader::new(stream);
    let request = format!(
        "POST /v1/decide HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{VISIT}",
        addr.port(),
        VISIT.len()
    );
    let mut send = |reader: &mut BufReader<TcpStream>| {
        let started = Instant::now();
        writer
            .write_all(request.as_bytes())
            .expect("the request is sent");
        let (status, length) = read_head(reader);
        assert_eq!(status, 200, "the desk decided");
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        started.elapsed()
    };
    send(&mut reader);
    ready.wait();
    (0..count).map(|_| send(&mut reader)).collect()
}

/// The status and Content-Length of a response.
fn read_head(reader: &mut BufReader<TcpStream>) -> (u16, usize) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("a status line");
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("a header");
        let header = line.trim_end();
        if header.is_empty() {
            return (status, length);
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("a length");
        }
    }
}
