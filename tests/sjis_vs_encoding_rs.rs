//! The runtime Shift_JIS / UTF-16 decoders must decode exactly as encoding_rs (the WHATWG
//! Encoding Standard implementation) does: same text, same "had errors", on every double-byte
//! pair, on random bytes biased towards Shift_JIS structure, and on real Japanese text.

use crmkit::table::sjis::{decode_shift_jis, decode_utf16};
use crmkit::rng::Rng;

fn reference(bytes: &[u8]) -> (String, bool) {
    let (text, errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    (text.into_owned(), errors)
}

#[test]
fn every_single_and_double_byte_sequence() {
    for a in 0..=255u8 {
        assert_eq!(decode_shift_jis(&[a]), reference(&[a]), "byte {a:#04x}");
        for b in 0..=255u8 {
            let pair = [a, b];
            assert_eq!(decode_shift_jis(&pair), reference(&pair), "bytes {a:#04x} {b:#04x}");
        }
    }
}

#[test]
fn random_inputs() {
    let mut rng = Rng::new(3);
    let interesting = [0x00, 0x40, 0x7E, 0x7F, 0x80, 0x81, 0x9F, 0xA0, 0xA1, 0xDF, 0xE0, 0xEF, 0xF0, 0xF9, 0xFC, 0xFD, 0xFF, b'a', b','];
    for _ in 0..20_000 {
        let len = rng.below(24) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| if rng.chance(0.5) { interesting[rng.below(interesting.len() as u64) as usize] } else { rng.next_u64() as u8 })
            .collect();
        assert_eq!(decode_shift_jis(&bytes), reference(&bytes), "{bytes:02x?}");
        for big_endian in [false, true] {
            let enc = if big_endian { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE };
            let (text, errors) = enc.decode_without_bom_handling(&bytes);
            assert_eq!(decode_utf16(&bytes, big_endian), (text.into_owned(), errors), "{bytes:02x?} be={big_endian}");
        }
    }
}

#[test]
fn japanese_fixture_round_trip() {
    let sjis = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders_sjis.csv")).unwrap();
    assert_eq!(decode_shift_jis(&sjis), reference(&sjis));
    let long: String = "注文番号,顧客ID,購入日,商品名（税込）①㈱髙﨑ｶﾀｶﾅ\r\n".repeat(500);
    let encoded = encoding_rs::SHIFT_JIS.encode(&long).0.into_owned();
    assert_eq!(decode_shift_jis(&encoded), (long, false));
}
