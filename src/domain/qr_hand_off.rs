//! Animated-QR hand-off: a bundle file, deflated, cut into fragments and sent
//! as an endless stream of self-checking frames (a systematic pass, then
//! fountain frames that each XOR a random half of them), solved by elimination.
//!
//! Missed frames never force a restart: any frames, in any order, complete the
//! message once enough have arrived. A damaged frame (its checksum does not match)
//! or one of another message is dropped, never used. The reassembled message
//! is checked against the checksum in every header and then inflated: the result
//! is exactly the bytes of the bundle file that was shown.
//!
//! Frame layout (big-endian), sent in QR byte mode:
//!
//! | bytes | field |
//! |---|---|
//! | 0..2 | tag `DQ` |
//! | 2 | format version, 1 |
//! | 3..7 | length of the deflated message |
//! | 7..9 | fragment count K |
//! | 9..13 | checksum of the deflated message |
//! | 13..17 | frame index: below K the fragment itself, from K on a fountain frame |
//! | 17..17+L | payload, L = ceil(length / K) (the last fragment zero-padded) |
//! | last 4 | checksum of everything before it |
//!
//! A checksum is the first 4 bytes (big-endian) of the SHA-256 of the bytes.

use std::collections::HashSet;

use crate::domain::bundle::MAX_BUNDLE_BYTES;
use crate::i18n::{QrMsg, Text};

/// The frame tag and format version.
pub const TAG: &[u8; 2] = b"DQ";
pub const FORMAT_VERSION: u8 = 1;
/// Bytes of header before the payload, and of the checksum after it.
pub const HEADER_BYTES: usize = 17;
pub const TRAILER_BYTES: usize = 4;
/// Payload bytes per frame at most. Wallets that move data this way daily use
/// 200–400-byte fragments; 400 + 21 bytes fill a version-13 QR code at level L
/// (69 modules), about 4.5 px a module at 360 px: readable at arm's length.
pub const MAX_FRAGMENT_BYTES: usize = 400;
/// Above this many deflated bytes QR codes stop being practical (over 500
/// frames, minutes of holding a phone still): the app suggests a file instead.
pub const QR_MAX_COMPRESSED: usize = 200_000;

/// What went wrong turning a bundle into frames or frames back into a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrError {
    /// The deflated bundle is too big to send as QR codes.
    TooLarge { compressed: usize },
    /// Every fragment arrived but the whole does not match its checksum.
    Checksum,
    /// The reassembled message does not inflate (or inflates past the limit).
    Inflate,
}

impl QrError {
    pub fn text(&self) -> Text {
        match self {
            QrError::TooLarge { compressed } => {
                let kb = compressed.div_ceil(1000);
                Text::new(
                    format!(
                        "{}（压缩后 {kb} KB）",
                        QrMsg::TooLarge.get(crate::i18n::Lang::Zh)
                    ),
                    format!(
                        "{} ({kb} KB compressed)",
                        QrMsg::TooLarge.get(crate::i18n::Lang::En)
                    ),
                )
            }
            QrError::Checksum => text_of(QrMsg::ChecksumFailed),
            QrError::Inflate => text_of(QrMsg::InflateFailed),
        }
    }
}

fn text_of(msg: QrMsg) -> Text {
    Text::new(
        msg.get(crate::i18n::Lang::Zh),
        msg.get(crate::i18n::Lang::En),
    )
}

/// The fields every frame of one message repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageHeader {
    /// Length of the deflated message.
    pub length: u32,
    /// Number of fragments K.
    pub fragments: u16,
    /// Checksum of the deflated message; also seeds the fountain's choices.
    pub checksum: u32,
}

impl MessageHeader {
    /// Payload bytes per frame.
    pub fn fragment_len(&self) -> usize {
        (self.length as usize).div_ceil(self.fragments.max(1) as usize)
    }
}

/// One frame, parsed and its checksum verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub message: MessageHeader,
    pub index: u32,
    pub payload: Vec<u8>,
}

/// Why a scanned QR code was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Not one of our frames, cut short, or its checksum does not match.
    Damaged,
}

/// Parses and checks one frame. Anything that is not an intact frame of this
/// format is `Damaged`.
pub fn parse_frame(bytes: &[u8]) -> Result<Frame, Rejected> {
    if bytes.len() < HEADER_BYTES + 1 + TRAILER_BYTES
        || &bytes[0..2] != TAG
        || bytes[2] != FORMAT_VERSION
    {
        return Err(Rejected::Damaged);
    }
    let (body, sum) = bytes.split_at(bytes.len() - TRAILER_BYTES);
    if check32(body).to_be_bytes() != sum {
        return Err(Rejected::Damaged);
    }
    let message = MessageHeader {
        length: u32_at(body, 3),
        fragments: u16::from_be_bytes([body[7], body[8]]),
        checksum: u32_at(body, 9),
    };
    let payload = &body[HEADER_BYTES..];
    if message.fragments == 0
        || message.length == 0
        || message.length as usize > QR_MAX_COMPRESSED
        || payload.len() != message.fragment_len()
    {
        return Err(Rejected::Damaged);
    }
    Ok(Frame {
        message,
        index: u32_at(body, 13),
        payload: payload.to_vec(),
    })
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// The sending side: a deflated bundle and the frames that carry it.
#[derive(Clone, Debug, PartialEq)]
pub struct Sender {
    header: MessageHeader,
    /// The fragments, each `fragment_len` bytes (the last one zero-padded).
    fragments: Vec<Vec<u8>>,
    original_len: usize,
}

impl Sender {
    /// Deflates `bundle` (the exact bytes of the bundle file) and cuts it into
    /// fragments. Refuses what is too large to be practical as QR codes.
    pub fn new(bundle: &[u8]) -> Result<Sender, QrError> {
        let compressed = miniz_oxide::deflate::compress_to_vec(bundle, 9);
        if compressed.len() > QR_MAX_COMPRESSED {
            return Err(QrError::TooLarge {
                compressed: compressed.len(),
            });
        }
        let count = compressed.len().div_ceil(MAX_FRAGMENT_BYTES).max(1);
        let header = MessageHeader {
            length: compressed.len() as u32,
            fragments: count as u16,
            checksum: check32(&compressed),
        };
        let len = header.fragment_len();
        let fragments = (0..count)
            .map(|i| {
                let mut part = compressed
                    [(i * len).min(compressed.len())..((i + 1) * len).min(compressed.len())]
                    .to_vec();
                part.resize(len, 0);
                part
            })
            .collect();
        Ok(Sender {
            header,
            fragments,
            original_len: bundle.len(),
        })
    }

    pub fn header(&self) -> MessageHeader {
        self.header
    }

    /// Fragments K: the number of frames in the first (systematic) pass.
    pub fn fragment_count(&self) -> usize {
        self.fragments.len()
    }

    pub fn compressed_len(&self) -> usize {
        self.header.length as usize
    }

    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Frame `index`: fragment `index` for the first K, then fountain frames
    /// for ever (the index wraps at 2^32, far beyond any hand-off).
    pub fn frame(&self, index: u32) -> Vec<u8> {
        let len = self.header.fragment_len();
        let mut payload = vec![0u8; len];
        for i in mixed_fragments(&self.header, index) {
            xor_into(&mut payload, &self.fragments[i]);
        }
        let mut bytes = Vec::with_capacity(HEADER_BYTES + len + TRAILER_BYTES);
        bytes.extend_from_slice(TAG);
        bytes.push(FORMAT_VERSION);
        bytes.extend_from_slice(&self.header.length.to_be_bytes());
        bytes.extend_from_slice(&self.header.fragments.to_be_bytes());
        bytes.extend_from_slice(&self.header.checksum.to_be_bytes());
        bytes.extend_from_slice(&index.to_be_bytes());
        bytes.extend_from_slice(&payload);
        let sum = check32(&bytes);
        bytes.extend_from_slice(&sum.to_be_bytes());
        bytes
    }
}

/// The frames' checksum: the first 4 bytes of SHA-256 (already in the app
/// for bundle digests, so no CRC tables are added to the download).
pub fn check32(bytes: &[u8]) -> u32 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn xor_into(target: &mut [u8], source: &[u8]) {
    for (t, s) in target.iter_mut().zip(source) {
        *t ^= s;
    }
}

/// The fragments frame `index` of a message XORs together, sorted. Below K it
/// is the fragment itself; from K on, each fragment with probability one half,
/// drawn from a PRNG seeded by the message checksum and the index — so sender
/// and receiver agree with nothing but the header.
///
/// Why dense rather than LT's ideal soliton: after the first pass the receiver
/// already holds most fragments, and a sparse frame (half of the soliton's mix
/// two fragments) then usually brings nothing new. A random half of the
/// fragments is new information with probability 1 - 2^-missing, so each
/// missed frame costs about one extra frame. The elimination that solves it
/// costs K/2 XORs of a fragment per frame: nothing at K ≤ 500.
pub fn mixed_fragments(header: &MessageHeader, index: u32) -> Vec<usize> {
    let count = header.fragments.max(1) as usize;
    if (index as usize) < count {
        return vec![index as usize];
    }
    let mut rng = SplitMix64(((header.checksum as u64) << 32) ^ index as u64);
    let mut chosen = Vec::with_capacity(count / 2 + 1);
    let mut bits = 0u64;
    for i in 0..count {
        if i % 64 == 0 {
            bits = rng.next();
        }
        if bits & (1 << (i % 64)) != 0 {
            chosen.push(i);
        }
    }
    if chosen.is_empty() {
        chosen.push((rng.next() % count as u64) as usize);
    }
    chosen
}

/// SplitMix64: tiny, fast and fully specified, so every build of the app
/// (and any other implementation) draws the same fountain frames.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What one scanned code did to the reassembly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Received {
    /// A new frame of the message, taken in (it may have completed it).
    Used,
    /// A frame already taken in.
    Repeat,
    /// Damaged: dropped.
    Damaged,
    /// An intact frame of another message: ignored.
    OtherMessage,
}

/// The receiving side: takes frames in any order, drops damaged ones and
/// solves the fountain by incremental Gaussian elimination over GF(2): each
/// frame is reduced by the rows already held, and kept if it still mixes a
/// fragment no row starts with. Once K independent rows are held, every
/// fragment follows — a frame is never wasted for want of a lucky order, as
/// it can be with peeling alone.
#[derive(Clone, Debug, Default)]
pub struct Receiver {
    message: Option<MessageHeader>,
    /// Row whose lowest fragment is the index: (fragments mixed as a bitset, XOR of their bytes).
    rows: Vec<Option<(Vec<u64>, Vec<u8>)>>,
    rank: usize,
    seen: HashSet<u32>,
    pub used: usize,
    pub damaged: usize,
    pub other: usize,
}

impl Receiver {
    pub fn new() -> Receiver {
        Receiver::default()
    }

    /// The message being received (from the first intact frame).
    pub fn message(&self) -> Option<MessageHeader> {
        self.message
    }

    /// Independent frames held and how many are needed: "n of ~m" frames.
    pub fn progress(&self) -> (usize, usize) {
        (self.rank, self.rows.len())
    }

    pub fn is_complete(&self) -> bool {
        self.message.is_some() && self.rank == self.rows.len()
    }

    /// Takes in the bytes of one scanned QR code.
    pub fn receive(&mut self, bytes: &[u8]) -> Received {
        let Ok(frame) = parse_frame(bytes) else {
            self.damaged += 1;
            return Received::Damaged;
        };
        match self.message {
            None => {
                self.message = Some(frame.message);
                self.rows = vec![None; frame.message.fragments as usize];
            }
            Some(message) if message != frame.message => {
                self.other += 1;
                return Received::OtherMessage;
            }
            Some(_) => {}
        }
        if !self.seen.insert(frame.index) {
            return Received::Repeat;
        }
        self.used += 1;
        if self.is_complete() {
            return Received::Used;
        }
        let count = self.rows.len();
        let mut mask = vec![0u64; count.div_ceil(64)];
        for i in mixed_fragments(&frame.message, frame.index) {
            mask[i / 64] ^= 1 << (i % 64);
        }
        let mut data = frame.payload;
        // XORing row p only changes bits from p on, so one pass upwards suffices.
        let mut from = 0;
        while let Some(p) = lowest_bit(&mask, from) {
            match &self.rows[p] {
                Some((row_mask, row_data)) => {
                    xor_words(&mut mask, row_mask);
                    xor_into(&mut data, row_data);
                    from = p + 1;
                }
                None => {
                    self.rows[p] = Some((mask, data));
                    self.rank += 1;
                    break;
                }
            }
        }
        Received::Used
    }

    /// The bundle bytes, once complete: the fragments solved, joined, checked
    /// against the message checksum and inflated. `None` while incomplete.
    pub fn bundle(&self) -> Option<Result<Vec<u8>, QrError>> {
        let message = self.message?;
        if !self.is_complete() {
            return None;
        }
        // Back-substitution, highest row first: each row then holds one fragment.
        let mut rows: Vec<(Vec<u64>, Vec<u8>)> = self.rows.iter().flatten().cloned().collect();
        for p in (0..rows.len()).rev() {
            let (below, above) = rows.split_at_mut(p + 1);
            let (mask, data) = &mut below[p];
            let mut from = p + 1;
            while let Some(q) = lowest_bit(mask, from) {
                let (solved_mask, solved_data) = &above[q - p - 1];
                xor_words(mask, solved_mask);
                xor_into(data, solved_data);
                from = q + 1;
            }
        }
        let mut joined: Vec<u8> = rows.into_iter().flat_map(|(_, data)| data).collect();
        joined.truncate(message.length as usize);
        if check32(&joined) != message.checksum {
            return Some(Err(QrError::Checksum));
        }
        Some(
            miniz_oxide::inflate::decompress_to_vec_with_limit(&joined, MAX_BUNDLE_BYTES)
                .map_err(|_| QrError::Inflate),
        )
    }
}

/// The lowest set bit at or above `from`.
fn lowest_bit(mask: &[u64], from: usize) -> Option<usize> {
    let mut word = from / 64;
    let mut bits = mask.get(word)? & (u64::MAX << (from % 64));
    loop {
        if bits != 0 {
            return Some(word * 64 + bits.trailing_zeros() as usize);
        }
        word += 1;
        bits = *mask.get(word)?;
    }
}

fn xor_words(target: &mut [u64], source: &[u64]) {
    for (t, s) in target.iter_mut().zip(source) {
        *t ^= s;
    }
}

/// A QR code's modules, row by row, `true` for dark; no quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrModules {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// Encodes one frame as a QR code in byte mode at error correction level L
/// (lower correction scans better on cheap phones), in the smallest version
/// that holds it. Every frame of a message has the same length, hence the
/// same version: the camera sees a steady size.
pub fn frame_to_qr(frame: &[u8]) -> Option<QrModules> {
    use qrcode::{bits::Bits, EcLevel, QrCode, Version};
    (1..=40).find_map(|v| {
        let mut bits = Bits::new(Version::Normal(v));
        bits.push_byte_data(frame).ok()?;
        bits.push_terminator(EcLevel::L).ok()?;
        let code = QrCode::with_bits(bits, EcLevel::L).ok()?;
        Some(QrModules {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect(),
        })
    })
}

/// Finds and decodes the QR codes in a greyscale image (one byte a pixel,
/// row by row) and returns the raw bytes of each code that decodes.
///
/// quircs (a port of quirc) rather than rqrr: rqrr's Galois-field crate
/// builds a 64 KB multiplication table into the download; quirc's log and
/// exp tables are 512 bytes.
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Vec<Vec<u8>> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return Vec::new();
    }
    let mut decoder = quircs::Quirc::default();
    decoder
        .identify(width, height, &luma[..width * height])
        .filter_map(|code| code.ok()?.decode().ok())
        .map(|data| data.payload)
        .collect()
}
