//! The result watcher loses nothing: writers that pause, crash mid-write or replace a file; a
//! watcher started over half-written files or restarted; FIFOs, links and huge
//! files never read; a thousand old files do not delay a new one.
#![cfg(test)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use onshi_oqs::{ExchangeError, QualificationResult, ResultWatcher};

fn root(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onshi-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("res")).unwrap();
    std::fs::create_dir_all(dir.join("face")).unwrap();
    dir
}

fn result_xml(id: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>
<SegmentOfResult>1</SegmentOfResult><ArbitraryFileIdentifier>{id}</ArbitraryFileIdentifier>
</MessageHeader><MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>
<ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber></ResultOfQualificationConfirmation></ResultList>
</MessageBody></XmlMsg>"#
    )
}

fn res(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("res/OQSsiquc01res_{id}.xml"))
}

type Found = Vec<(PathBuf, Result<QualificationResult, ExchangeError>)>;

fn ids(found: &Found) -> Vec<String> {
    found
        .iter()
        .map(|(_, r)| match r {
            Ok(r) => r
                .header
                .arbitrary_file_identifier
                .clone()
                .unwrap_or_default(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

const PATIENT: Duration = Duration::from_secs(60);

#[test]
fn a_file_written_in_pieces_is_reported_once_when_complete() {
    let dir = root("pieces");
    let mut w = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    let path = res(&dir, "A1");
    let xml = result_xml("A1");
    let (head, tail) = xml.split_at(xml.len() / 2);
    std::fs::write(&path, head).unwrap();
    // The writer pauses: however many polls pass, nothing is reported and nothing is lost.
    for _ in 0..3 {
        assert!(w.poll().is_empty());
    }
    std::fs::write(&path, format!("{head}{tail}")).unwrap();
    let found = w.poll();
    assert_eq!(ids(&found), ["A1"]);
    assert!(w.poll().is_empty(), "reported once");
}

#[test]
fn a_crashed_writer_is_reported_once_after_the_patience_and_read_again_when_completed() {
    let dir = root("crash");
    let mut w = ResultWatcher::new(&dir, false, Duration::from_millis(50)).unwrap();
    let path = res(&dir, "C1");
    let xml = result_xml("C1");
    std::fs::write(&path, &xml[..xml.len() - 20]).unwrap();
    assert!(w.poll().is_empty(), "not yet: the writer may resume");
    std::thread::sleep(Duration::from_millis(80));
    let found = w.poll();
    assert_eq!(found.len(), 1);
    assert!(
        matches!(found[0].1, Err(ExchangeError::Result { .. })),
        "{:?}",
        ids(&found)
    );
    assert!(w.poll().is_empty(), "the failure is reported once");
    // The terminal writes it again in full: the answer is not lost.
    std::fs::write(&path, &xml).unwrap();
    assert_eq!(ids(&w.poll()), ["C1"]);
}

#[test]
fn a_file_replaced_after_it_was_reported_is_a_new_answer_unless_the_same() {
    let dir = root("replace");
    let mut w = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    let path = res(&dir, "R1");
    std::fs::write(&path, result_xml("R1")).unwrap();
    assert_eq!(ids(&w.poll()), ["R1"]);
    // The same answer with a trailing newline: not reported again.
    std::fs::write(&path, format!("{}\n", result_xml("R1"))).unwrap();
    assert!(w.poll().is_empty());
    // A different answer under the same name: reported.
    std::fs::write(&path, result_xml("R2")).unwrap();
    assert_eq!(ids(&w.poll()), ["R2"]);
    // Deleted, then a new file of the same name: a new answer.
    std::fs::remove_file(&path).unwrap();
    assert!(w.poll().is_empty());
    std::fs::write(&path, result_xml("R2")).unwrap();
    assert_eq!(ids(&w.poll()), ["R2"]);
}

#[test]
fn on_start_existing_files_are_recorded_and_a_half_written_one_is_read_when_complete() {
    let dir = root("start");
    std::fs::write(res(&dir, "OLD"), result_xml("OLD")).unwrap();
    let half = res(&dir, "HALF");
    let xml = result_xml("HALF");
    std::fs::write(&half, &xml[..40]).unwrap();
    let mut w = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    assert!(w.poll().is_empty(), "old answers are not repeated");
    std::fs::write(&half, &xml).unwrap();
    assert_eq!(ids(&w.poll()), ["HALF"]);

    // With include_existing, every file there is reported by the first poll.
    let mut all = ResultWatcher::new(&dir, true, PATIENT).unwrap();
    assert_eq!(ids(&all.poll()), ["HALF", "OLD"]);
}

#[test]
fn a_restarted_watcher_repeats_nothing_and_misses_nothing_half_written() {
    let dir = root("restart");
    let mut first = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    std::fs::write(res(&dir, "S1"), result_xml("S1")).unwrap();
    assert_eq!(ids(&first.poll()), ["S1"]);
    let xml = result_xml("S2");
    std::fs::write(res(&dir, "S2"), &xml[..30]).unwrap();
    assert!(first.poll().is_empty());
    drop(first); // killed
    let mut second = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    assert!(second.poll().is_empty());
    std::fs::write(res(&dir, "S2"), &xml).unwrap();
    assert_eq!(ids(&second.poll()), ["S2"]);
}

#[test]
fn two_watchers_on_one_folder_each_report_every_answer() {
    let dir = root("two");
    let mut a = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    let mut b = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    std::fs::write(res(&dir, "T1"), result_xml("T1")).unwrap();
    assert_eq!(ids(&a.poll()), ["T1"]);
    assert_eq!(ids(&b.poll()), ["T1"]);
    assert!(res(&dir, "T1").exists(), "files are never moved or deleted");
}

#[cfg(unix)]
#[test]
fn fifos_links_and_huge_files_are_skipped_without_reading() {
    let dir = root("hostile");
    let mut w = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    let fifo = res(&dir, "FIFO");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", res(&dir, "ZERO")).unwrap();
    let outside =
        std::env::temp_dir().join(format!("onshi-watch-outside-{}.xml", std::process::id()));
    std::fs::write(&outside, result_xml("OUT")).unwrap();
    std::os::unix::fs::symlink(&outside, res(&dir, "OUT")).unwrap();
    let huge = std::fs::File::create(res(&dir, "HUGE")).unwrap();
    huge.set_len(64 << 20).unwrap(); // sparse: costs no disk, and must cost no memory
    drop(huge);
    // A link is never followed, even one to a result inside the folder.
    std::fs::write(dir.join("face/target.xml"), result_xml("IN")).unwrap();
    std::os::unix::fs::symlink(dir.join("face/target.xml"), res(&dir, "IN")).unwrap();

    let found = w.poll();
    let messages = ids(&found);
    assert_eq!(found.len(), 5, "{messages:?}");
    let about = |id: &str| {
        found
            .iter()
            .position(|(p, _)| p.ends_with(format!("OQSsiquc01res_{id}.xml")))
            .map(|i| messages[i].clone())
            .unwrap()
    };
    assert!(about("FIFO").contains("not a regular file"), "{messages:?}");
    for link in ["ZERO", "OUT", "IN"] {
        assert!(about(link).contains("symbolic link"), "{messages:?}");
    }
    assert!(about("HUGE").contains("at most"), "{messages:?}");
    assert!(w.poll().is_empty(), "each is reported once");
    let _ = std::fs::remove_file(outside);
}

#[test]
fn a_thousand_old_files_are_read_in_one_poll_and_do_not_delay_a_new_one() {
    let dir = root("many");
    for i in 0..1000 {
        std::fs::write(
            res(&dir, &format!("{i:04}")),
            result_xml(&format!("{i:04}")),
        )
        .unwrap();
    }
    // A long patience: a fixed pause per file would make this poll take hours, not return.
    let mut w = ResultWatcher::new(&dir, true, Duration::from_secs(3600)).unwrap();
    assert_eq!(w.poll().len(), 1000);
    std::fs::write(res(&dir, "NEW"), result_xml("NEW")).unwrap();
    assert_eq!(ids(&w.poll()), ["NEW"]);
}

#[test]
fn a_same_size_rewrite_with_the_same_timestamp_is_still_seen() {
    // A filesystem with coarse timestamps can give a rewrite of the same size the same stamp.
    let dir = root("same-stamp");
    let mut w = ResultWatcher::new(&dir, false, PATIENT).unwrap();
    let path = res(&dir, "Q1");
    std::fs::write(&path, result_xml("Q1")).unwrap();
    assert_eq!(ids(&w.poll()), ["Q1"]);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, result_xml("Q2")).unwrap(); // same length
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(ids(&w.poll()), ["Q2"]);
    assert!(w.poll().is_empty(), "and only once");
}
