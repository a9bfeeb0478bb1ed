//! Round trips through the reader: any text a field can hold, escaped as a writer must escape it,
//! reads back unchanged in UTF-8 and (when Shift_JIS can hold it) in Shift_JIS; and a batch reads
//! the same however its bytes arrive.
#![cfg(test)]

use onshi_oqs::{QualificationResult, read_batch};
use proptest::prelude::*;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn result_file(name: &str, symbol: &str, address: &str, shift_jis: bool) -> String {
    let (encoding, id) = if shift_jis {
        ("Shift_JIS", 1)
    } else {
        ("UTF-8", 0)
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n<XmlMsg><MessageHeader>\
         <CharacterCodeIdentifier>{id}</CharacterCodeIdentifier><SegmentOfResult>1</SegmentOfResult>\
         </MessageHeader><MessageBody><ResultList><ResultOfQualificationConfirmation>\
         <Name>{}</Name><InsuredCardSymbol><![CDATA[{}]]></InsuredCardSymbol><Address>{}</Address>\
         </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>",
        escape(name),
        symbol,
        escape(address)
    )
}

/// A field's text: any characters but controls (XML 1.0 has no other way to write them).
fn field() -> impl Strategy<Value = String> {
    "[^\\p{C}]{1,24}"
}

proptest! {
    #[test]
    fn any_field_text_reads_back_unchanged(name in field(), symbol in "[^\\p{C}\\]]{1,12}", address in field()) {
        let xml = result_file(&name, &symbol, &address, false);
        let result = QualificationResult::parse(xml.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let record = &result.records[0];
        prop_assert_eq!(record.name.as_deref(), Some(name.as_str()));
        prop_assert_eq!(record.symbol.as_deref(), Some(symbol.as_str()));
        prop_assert_eq!(record.address.as_deref(), Some(address.as_str()));

        let sjis = result_file(&name, &symbol, &address, true);
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&sjis);
        if !unmappable {
            let result = QualificationResult::parse(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let decoded = encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned();
            // What Shift_JIS holds of the name (a few characters map to near twins).
            let expected = decoded.split("<Name>").nth(1).and_then(|s| s.split("</Name>").next()).map(|s| {
                s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
            });
            prop_assert_eq!(result.records[0].name.clone(), expected);
        }
    }

    #[test]
    fn a_batch_reads_the_same_however_its_bytes_arrive(sizes in proptest::collection::vec(1usize..700, 1..40)) {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader>\
            <CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader><MessageBody>");
        for i in 0..30 {
            xml.push_str(&format!(
                "<BulkConfirmUnit><QualificationConfirmSearchInfo><ArbitraryIdentifier>受診者&amp;{i}</ArbitraryIdentifier>\
                 </QualificationConfirmSearchInfo><ProcessingResultStatus>1</ProcessingResultStatus>\
                 <QualificationValidity>{}</QualificationValidity></BulkConfirmUnit>\n",
                1 + i % 3
            ));
        }
        xml.push_str("</MessageBody></XmlMsg>");
        let mut whole = Vec::new();
        let expected = read_batch(xml.as_bytes(), |u| whole.push(u)).unwrap();
        let mut pieces = Vec::new();
        let summary = read_batch(Pieces { data: xml.as_bytes(), sizes, next: 0 }, |u| pieces.push(u))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(summary, expected);
        prop_assert_eq!(pieces, whole);
    }
}

/// Gives the bytes in pieces of the given sizes, cycling.
struct Pieces<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl std::io::Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
