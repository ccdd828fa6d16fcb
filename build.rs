//! Builds the public suffix table the crate embeds (`$OUT_DIR/psl.bin`) from
//! `src/parse/psl.txt`: a label trie, about half the text's size, read by `parse::url`.
//!
//! Format, breadth first from the root: each node is its label's bytes (ASCII, never
//! ≥ 0x80) followed by one byte `0x80 | flags`; siblings are sorted by bytes and the last
//! one carries `LAST`; the sibling groups follow in the order of the nodes that have
//! `KIDS`. Flags: `RULE` (the suffix is a rule), `WILD` (`*.suffix` is a rule),
//! `EXCEPT` (`!suffix` is a rule), `KIDS`, `LAST`. Keep in step with `src/parse/url.rs`.

use std::collections::{BTreeMap, VecDeque};
use std::{env, fs, path::Path};

const RULE: u8 = 1;
const WILD: u8 = 2;
const EXCEPT: u8 = 4;
const KIDS: u8 = 8;
const LAST: u8 = 16;

#[derive(Default)]
struct Node {
    flags: u8,
    kids: BTreeMap<String, Node>,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/parse/psl.txt");
    let text = fs::read_to_string("src/parse/psl.txt").expect("read src/parse/psl.txt");
    let mut root = Node::default();
    for line in text.lines() {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let (suffix, flag) = if let Some(e) = line.strip_prefix('!') {
            (e, EXCEPT)
        } else if let Some(w) = line.strip_prefix("*.") {
            (w, WILD)
        } else {
            (line, RULE)
        };
        let mut node = &mut root;
        for label in suffix.rsplit('.') {
            assert!(
                !label.is_empty()
                    && label.len() < 64
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && b != b'*' && b != b'!'),
                "psl.txt: rule {line:?} has a label the table cannot hold: {label:?}"
            );
            node = node.kids.entry(label.to_string()).or_default();
        }
        node.flags |= flag;
    }
    let mut out = Vec::with_capacity(96 * 1024);
    let mut queue = VecDeque::from([&root]);
    while let Some(node) = queue.pop_front() {
        let n = node.kids.len();
        for (i, (label, kid)) in node.kids.iter().enumerate() {
            let mut flags = kid.flags;
            if !kid.kids.is_empty() {
                flags |= KIDS;
                queue.push_back(kid);
            }
            if i + 1 == n {
                flags |= LAST;
            }
            out.extend_from_slice(label.as_bytes());
            out.push(0x80 | flags);
        }
    }
    let dest = Path::new(&env::var_os("OUT_DIR").expect("OUT_DIR")).join("psl.bin");
    fs::write(dest, out).expect("write psl.bin");
}
