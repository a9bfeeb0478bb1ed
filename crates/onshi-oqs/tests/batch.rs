//! Streaming 一括照会 results.
#![cfg(test)]

use onshi_oqs::{Encoding, OqsError, read_batch};

fn unit(i: usize) -> String {
    let validity = ["1", "2", "4", ""][i % 4];
    let status = if validity.is_empty() { "2" } else { "1" };
    let v = if validity.is_empty() {
        String::new()
    } else {
        format!("<QualificationValidity>{validity}</QualificationValidity>")
    };
    format!(
        "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>  06130017</InsurerNumber>\
         <ArbitraryIdentifier>chart-{i}</ArbitraryIdentifier></QualificationConfirmSearchInfo>\
         <ProcessingResultStatus>{status}</ProcessingResultStatus>{v}\
         <ResultOfQualificationConfirmation><Name>受診　●者{i}</Name><InsurerNumber>06130017</InsurerNumber></ResultOfQualificationConfirmation>\
         </BulkConfirmUnit>"
    )
}

fn batch(n: usize, encoding: Encoding) -> Vec<u8> {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"{}\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>{}</CharacterCodeIdentifier>\
         <ReceptionNumber>RCPT0001</ReceptionNumber><NumberOfProcessingResult>{n}</NumberOfProcessingResult></MessageHeader><MessageBody>",
        encoding.xml_name(),
        encoding.identifier()
    );
    for i in 0..n {
        xml.push_str(&unit(i));
    }
    xml.push_str("</MessageBody></XmlMsg>");
    match encoding {
        Encoding::Utf8 => xml.into_bytes(),
        Encoding::ShiftJis => encoding_rs::SHIFT_JIS.encode(&xml).0.into_owned(),
    }
}

#[test]
fn units_stream_in_order_with_counts_in_both_encodings() {
    for encoding in [Encoding::Utf8, Encoding::ShiftJis] {
        let mut ids = Vec::new();
        let mut names = Vec::new();
        let summary = read_batch(batch(2000, encoding).as_slice(), |u| {
            ids.push(u.search.arbitrary_identifier.clone().unwrap());
            names.push(u.record.as_ref().and_then(|r| r.name.clone()).unwrap());
        })
        .unwrap();
        assert_eq!(summary.encoding, Some(encoding));
        assert_eq!(summary.units, 2000);
        assert_eq!(summary.announced, Some(2000));
        assert_eq!(summary.reception_number.as_deref(), Some("RCPT0001"));
        assert_eq!(
            (
                summary.valid,
                summary.invalid,
                summary.not_found,
                summary.unavailable
            ),
            (500, 500, 500, 500)
        );
        assert_eq!(ids[1999], "chart-1999");
        assert_eq!(names[7], "受診\u{3000}●者7");
    }
}

#[test]
fn the_search_echo_is_normalised() {
    let mut insurers = Vec::new();
    read_batch(batch(3, Encoding::Utf8).as_slice(), |u| {
        insurers.push(u.search.insurer_number)
    })
    .unwrap();
    assert_eq!(insurers, vec![Some("06130017".to_owned()); 3]);
}

#[test]
fn broken_batches_are_errors() {
    let mut bytes = batch(10, Encoding::Utf8);
    bytes.truncate(bytes.len() - 40);
    let mut seen = 0;
    let err = read_batch(bytes.as_slice(), |_| seen += 1).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::Xml);
    assert!(seen >= 8, "units before the cut are still delivered");

    let sjis_declared_utf8_id = String::from_utf8(batch(2, Encoding::Utf8))
        .unwrap()
        .replace("encoding=\"UTF-8\"", "encoding=\"Shift_JIS\"");
    let err = read_batch(sjis_declared_utf8_id.as_bytes(), |_| {}).unwrap_err();
    assert!(matches!(err, OqsError::EncodingMismatch { .. }), "{err}");

    let utf8_as_sjis = String::from_utf8(batch(2, Encoding::Utf8))
        .unwrap()
        .replace("<CharacterCodeIdentifier>0", "<CharacterCodeIdentifier>1")
        .replace("encoding=\"UTF-8\"", "encoding=\"Shift_JIS\"");
    // UTF-8 bytes of 受診 are not valid Shift_JIS text: refused, not garbled.
    let err = read_batch(utf8_as_sjis.as_bytes(), |_| {}).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::Decode, "{err}");
}

/// Hands out a few bytes per read, so tags, entities and multi-byte characters straddle reads.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.step = self.step % 13 + 1;
        let n = self.step.min(buf.len()).min(self.data.len());
        let (now, rest) = self.data.split_at(n);
        buf[..n].copy_from_slice(now);
        self.data = rest;
        Ok(n)
    }
}

#[test]
fn units_split_across_reads_are_read_whole() {
    for encoding in [Encoding::Utf8, Encoding::ShiftJis] {
        let data = batch(40, encoding);
        let mut whole = Vec::new();
        let expected = read_batch(data.as_slice(), |u| whole.push(u)).unwrap();
        let mut trickled = Vec::new();
        let summary = read_batch(
            Trickle {
                data: &data,
                step: 0,
            },
            |u| trickled.push(u),
        )
        .unwrap();
        assert_eq!(summary, expected);
        assert_eq!(trickled, whole);
        assert_eq!(whole.len(), 40);
    }
}

#[test]
fn every_truncation_is_an_error() {
    let data = batch(2, Encoding::ShiftJis);
    for cut in 0..data.len() {
        let result = read_batch(&data[..cut], |_| {});
        assert!(
            result.is_err(),
            "cut at {cut} of {} was accepted",
            data.len()
        );
    }
    assert!(read_batch(data.as_slice(), |_| {}).is_ok());
}

#[test]
fn an_empty_result_is_an_empty_batch_and_two_roots_are_refused() {
    let summary = read_batch(&b"<?xml version=\"1.0\"?>\n<XmlMsg/>\n"[..], |_| {}).unwrap();
    assert_eq!(summary.units, 0);
    for two in [
        "<XmlMsg/><XmlMsg/>",
        "<XmlMsg></XmlMsg><BulkConfirmUnit></BulkConfirmUnit>",
    ] {
        let err = read_batch(two.as_bytes(), |_| {}).unwrap_err();
        assert!(err.to_string().contains("a second root element"), "{err}");
    }
    assert!(
        read_batch(&b""[..], |_| {})
            .unwrap_err()
            .to_string()
            .contains("no root element")
    );
}

#[test]
fn a_unit_is_read_field_by_field_with_its_whole_path_in_errors() {
    let file = |unit: &str| format!("<XmlMsg><MessageBody>{unit}</MessageBody></XmlMsg>");
    // An empty unit answers nothing: it is counted, as unavailable.
    let summary = read_batch(file("<BulkConfirmUnit/>").as_bytes(), |_| {}).unwrap();
    assert_eq!((summary.units, summary.unavailable), (1, 1));
    let bad_date = file(
        "<BulkConfirmUnit><ResultOfQualificationConfirmation><QualificationDate>2024-01-01\
         </QualificationDate></ResultOfQualificationConfirmation></BulkConfirmUnit>",
    );
    let err = read_batch(bad_date.as_bytes(), |_| {}).unwrap_err();
    assert!(
        err.to_string().contains(
            "XmlMsg/MessageBody/BulkConfirmUnit/ResultOfQualificationConfirmation/QualificationDate"
        ),
        "{err}"
    );
    let twice = file(
        "<BulkConfirmUnit><QualificationValidity>1</QualificationValidity>\
         <QualificationValidity>2</QualificationValidity></BulkConfirmUnit>",
    );
    assert!(matches!(
        read_batch(twice.as_bytes(), |_| {}),
        Err(OqsError::Duplicate { count: 2, ref path }) if path == "XmlMsg/MessageBody/BulkConfirmUnit/QualificationValidity"
    ));
}

/// Counts the bytes a reader hands out: the work a batch read does is bounded by what it reads
/// plus the bounded re-reading of one unfinished element.
struct Counting<'a> {
    data: &'a [u8],
    read: usize,
}

impl std::io::Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.data.len() - self.read);
        buf[..n].copy_from_slice(&self.data[self.read..self.read + n]);
        self.read += n;
        Ok(n)
    }
}

#[test]
fn a_missing_close_tag_is_refused_after_a_bounded_read_not_after_the_whole_file() {
    // 100k units (about 30 MB): one unit early on lacks its close tag. Before, every later chunk
    // re-read the unfinished unit from its start (quadratic: tens of seconds, 86 MB of text held).
    let intact = batch(100_000, Encoding::Utf8);
    let needle = b"</BulkConfirmUnit>";
    let at = intact
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .nth(10)
        .map(|(i, _)| i)
        .unwrap();
    let mut broken = intact[..at].to_vec();
    broken.extend_from_slice(&intact[at + needle.len()..]);
    let mut input = Counting {
        data: &broken,
        read: 0,
    };
    let err = read_batch(&mut input, |_| {}).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::Xml, "{err}");
    assert!(err.to_string().contains("does not close"), "{err}");
    // Refused within the pending limit (1 MiB) plus a couple of chunks, not at the end of 30 MB.
    assert!(
        input.read < at + (1 << 20) + 3 * 64 * 1024,
        "read {} of {} bytes",
        input.read,
        broken.len()
    );
    // The intact file reads whole.
    let mut n = 0;
    read_batch(intact.as_slice(), |_| n += 1).unwrap();
    assert_eq!(n, 100_000);
}

#[test]
fn a_unit_larger_than_the_pending_limit_is_refused() {
    let mut xml = String::from_utf8(batch(3, Encoding::Utf8)).unwrap();
    let big = format!("<Name>{}</Name>", "あ".repeat(400_000)); // 1.2 MB in UTF-8
    xml = xml.replacen(
        "<ProcessingResultStatus>",
        &format!("{big}<ProcessingResultStatus>"),
        1,
    );
    let err = read_batch(xml.as_bytes(), |_| {}).unwrap_err();
    assert!(err.to_string().contains("does not close within"), "{err}");
}
