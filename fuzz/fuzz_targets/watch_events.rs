//! The result watcher under any sequence of file events: writes in pieces, whole writes, rewrites,
//! deletions and polls, on three file names. After the sequence, one more poll must leave nothing
//! lost: every file that now holds a valid result has been reported with exactly that content.
#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;

static RUN: AtomicU64 = AtomicU64::new(0);

fn result_xml(version: u8) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <SegmentOfResult>1</SegmentOfResult><ArbitraryFileIdentifier>V{version}</ArbitraryFileIdentifier></MessageHeader>\
         <MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>\
         <ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber></ResultOfQualificationConfirmation>\
         </ResultList></MessageBody></XmlMsg>"
    )
}

fuzz_target!(|data: &[u8]| {
    let run = RUN.fetch_add(1, Ordering::Relaxed);
    let root = std::env::temp_dir().join(format!("onshi-fuzz-watch-{}-{run}", std::process::id()));
    let res = root.join("res");
    std::fs::create_dir_all(&res).unwrap();
    let name = |i: u8| res.join(format!("OQSsiquc01res_{}.xml", i % 3));
    let mut watcher =
        onshi_oqs::ResultWatcher::new(&root, false, Duration::from_secs(3600)).unwrap();
    // The last answer reported for each file.
    let mut reported: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let poll = |w: &mut onshi_oqs::ResultWatcher,
                    reported: &mut BTreeMap<PathBuf, Option<String>>| {
        for (path, result) in w.poll() {
            if let Ok(r) = result {
                reported.insert(path, r.header.arbitrary_file_identifier.clone());
            }
        }
    };
    for pair in data.chunks(2).take(64) {
        let (op, arg) = (pair[0], pair.get(1).copied().unwrap_or(0));
        let path = name(op >> 3);
        let xml = result_xml(arg % 8);
        match op % 5 {
            0 => {
                let cut = usize::from(arg) % xml.len();
                let _ = std::fs::write(&path, &xml.as_bytes()[..cut]);
            }
            1 | 2 => {
                let _ = std::fs::write(&path, &xml);
            }
            3 => {
                let _ = std::fs::remove_file(&path);
            }
            _ => poll(&mut watcher, &mut reported),
        }
    }
    poll(&mut watcher, &mut reported);
    for i in 0..3u8 {
        let path = name(i);
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(now) = onshi_oqs::QualificationResult::parse(&bytes)
        {
            assert_eq!(
                reported.get(&path).cloned().flatten(),
                now.header.arbitrary_file_identifier,
                "{} holds an answer that was never reported",
                path.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&root);
});
