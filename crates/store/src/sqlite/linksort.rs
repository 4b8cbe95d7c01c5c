//! External sort of one import's links, so they enter the `link` index in key order.
//!
//! Written as they come, links would land on random pages of a large index; staged in a
//! SQLite temporary table they cost a statement each twice over. Here a link is 16 bytes in a
//! buffer; a full buffer is sorted and spilled to a temporary file, and `finish` merges the
//! runs. Memory stays at one buffer however large the import.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Entity ids must fit 48 bits to be packed with a 16-bit property index.
pub const MAX_EID: i64 = (1 << 48) - 1;

/// A packed link: dst in the high 64 bits, then src (48 bits) and the property index (16).
fn pack(dst: i64, src: i64, prop: u16) -> u128 {
    (u128::from(dst as u64) << 64) | (u128::from(src as u64) << 16) | u128::from(prop)
}

/// `(dst, src, prop)` of a packed link.
pub fn unpack(l: u128) -> (i64, i64, u16) {
    (
        (l >> 64) as i64,
        ((l >> 16) as u64 & MAX_EID as u64) as i64,
        l as u16,
    )
}

/// Collects links, spilling sorted runs to temporary files.
pub struct LinkSorter {
    buf: Vec<u128>,
    runs: Vec<File>,
    /// Links held in memory before a run is spilled.
    run: usize,
}

impl LinkSorter {
    /// A sorter that spills every `run` links.
    pub fn new(run: usize) -> Self {
        LinkSorter {
            buf: Vec::new(),
            runs: Vec::new(),
            run: run.max(1),
        }
    }

    /// Links held before a spill.
    pub fn run(&self) -> usize {
        self.run
    }

    /// Adds one link.
    pub fn push(&mut self, dst: i64, src: i64, prop: u16) -> io::Result<()> {
        debug_assert!((0..=MAX_EID).contains(&dst) && (0..=MAX_EID).contains(&src));
        self.buf.push(pack(dst, src, prop));
        if self.buf.len() >= self.run {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        self.buf.sort_unstable();
        self.buf.dedup();
        let mut file = tempfile::tempfile()?;
        let mut w = BufWriter::with_capacity(1 << 16, &mut file);
        for l in &self.buf {
            w.write_all(&l.to_le_bytes())?;
        }
        w.flush()?;
        drop(w);
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        self.buf.clear();
        Ok(())
    }

    /// Every link once, in ascending (dst, src, prop) order.
    pub fn finish(mut self) -> io::Result<Sorted> {
        self.buf.sort_unstable();
        self.buf.dedup();
        let mut readers = Vec::with_capacity(self.runs.len());
        let mut heap = BinaryHeap::new();
        for (i, f) in self.runs.into_iter().enumerate() {
            let mut r = BufReader::with_capacity(1 << 16, f);
            if let Some(l) = read_one(&mut r)? {
                heap.push(Reverse((l, i)));
            }
            readers.push(r);
        }
        Ok(Sorted {
            memory: self.buf.into_iter(),
            next_memory: None,
            readers,
            heap,
            last: None,
        })
    }
}

fn read_one(r: &mut impl Read) -> io::Result<Option<u128>> {
    let mut b = [0u8; 16];
    match r.read_exact(&mut b) {
        Ok(()) => Ok(Some(u128::from_le_bytes(b))),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// The merged, de-duplicated stream of an import's links.
pub struct Sorted {
    memory: std::vec::IntoIter<u128>,
    next_memory: Option<u128>,
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<(u128, usize)>>,
    last: Option<u128>,
}

impl Sorted {
    fn next_any(&mut self) -> io::Result<Option<u128>> {
        if self.next_memory.is_none() {
            self.next_memory = self.memory.next();
        }
        let from_runs = self.heap.peek().map(|Reverse((l, _))| *l);
        match (self.next_memory, from_runs) {
            (Some(m), Some(r)) if r < m => self.pop_run(),
            (Some(m), _) => {
                self.next_memory = None;
                Ok(Some(m))
            }
            (None, Some(_)) => self.pop_run(),
            (None, None) => Ok(None),
        }
    }

    fn pop_run(&mut self) -> io::Result<Option<u128>> {
        let Some(Reverse((l, i))) = self.heap.pop() else {
            return Ok(None);
        };
        if let Some(next) = read_one(&mut self.readers[i])? {
            self.heap.push(Reverse((next, i)));
        }
        Ok(Some(l))
    }

    /// The next distinct link, or `None` at the end.
    pub fn next_link(&mut self) -> io::Result<Option<(i64, i64, u16)>> {
        loop {
            let Some(l) = self.next_any()? else {
                return Ok(None);
            };
            if self.last != Some(l) {
                self.last = Some(l);
                return Ok(Some(unpack(l)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(mut s: Sorted) -> Vec<(i64, i64, u16)> {
        let mut out = Vec::new();
        while let Some(l) = s.next_link().unwrap() {
            out.push(l);
        }
        out
    }

    #[test]
    fn pack_round_trips() {
        for (d, s, p) in [
            (0, 0, 0),
            (1, 2, 3),
            (MAX_EID, MAX_EID, u16::MAX),
            (7, 99, 12),
        ] {
            assert_eq!(unpack(pack(d, s, p)), (d, s, p));
        }
    }

    #[test]
    fn merges_runs_in_order_without_duplicates() {
        const RUN: usize = 10_000;
        let mut s = LinkSorter::new(RUN);
        let mut want = Vec::new();
        let mut x: u64 = 1;
        // More than two runs' worth, with repeats across runs.
        for i in 0..(RUN * 2 + 1000) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (d, src, p) = ((x % 500) as i64, (i % 77) as i64, (x % 3) as u16);
            s.push(d, src, p).unwrap();
            want.push((d, src, p));
        }
        assert_eq!(s.runs.len(), 2);
        want.sort_unstable();
        want.dedup();
        assert_eq!(drain(s.finish().unwrap()), want);
    }

    #[test]
    fn empty() {
        assert!(drain(LinkSorter::new(8).finish().unwrap()).is_empty());
    }
}
