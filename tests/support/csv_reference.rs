//! The reference RFC 4180 reader of the tests: `csv-core` (the `csv` crate's parser), records
//! as fields of bytes. Shared by the splitter's differential test and the export property tests.

pub fn with_csv_core(input: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; input.len() + 16];
    let mut ends = vec![0usize; input.len() + 16];
    let mut records = Vec::new();
    let mut rest = input;
    // A record may span calls (InputEmpty, then EOF): keep writing after what is already there.
    let (mut out_len, mut ends_len) = (0, 0);
    loop {
        let (result, consumed, written, n_ends) = reader.read_record(rest, &mut out[out_len..], &mut ends[ends_len..]);
        rest = &rest[consumed..];
        out_len += written;
        ends_len += n_ends;
        match result {
            csv_core::ReadRecordResult::Record => {
                let mut fields = Vec::new();
                let mut start = 0;
                for &end in &ends[..ends_len] {
                    fields.push(out[start..end].to_vec());
                    start = end;
                }
                records.push(fields);
                out_len = 0;
                ends_len = 0;
            }
            csv_core::ReadRecordResult::End => break,
            csv_core::ReadRecordResult::InputEmpty => {}
            other => panic!("buffers are large enough: {other:?}"),
        }
    }
    records
}
