//! A thin layer over quick-xml's writer for the chart exports: attributes escaped so that they
//! read back exactly (line breaks and tabs as character references, which XML readers would
//! otherwise fold into spaces; other control characters, which XML 1.0 forbids, as spaces).

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::{self, Write};

/// Escapes an attribute value.
fn attr_value(s: &str) -> String {
    crate::graphml::esc(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// An indented XML document being written.
pub(crate) struct XmlOut<'w> {
    w: Writer<&'w mut dyn Write>,
}

impl<'w> XmlOut<'w> {
    /// Starts a document with the XML declaration.
    pub fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut w = Writer::new_with_indent(out, b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlOut { w })
    }

    fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut el = BytesStart::new(name);
        for (k, v) in attrs {
            let v = attr_value(v);
            el.push_attribute(Attribute::from((k.as_bytes(), v.as_bytes())));
        }
        el
    }

    /// Opens an element.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Start(Self::element(name, attrs)))
    }

    /// Writes an empty element.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Empty(Self::element(name, attrs)))
    }

    /// Writes an element holding only text.
    pub fn text(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.open(name, &[])?;
        self.w.write_event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    /// Closes an element.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Ends the document with a line break and flushes.
    pub fn finish(self) -> io::Result<()> {
        let out = self.w.into_inner();
        out.write_all(b"\n")?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_read_back_exactly() {
        let mut buf = Vec::new();
        let mut x = XmlOut::new(&mut buf).unwrap();
        x.empty("a", &[("v", "x & \"y\" <z>\nline\ttab\u{1}")])
            .unwrap();
        x.finish().unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut r = quick_xml::Reader::from_str(&text);
        loop {
            match r.read_event().unwrap() {
                Event::Empty(e) => {
                    let a = e.attributes().next().unwrap().unwrap();
                    assert_eq!(
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap(),
                        "x & \"y\" <z>\nline\ttab "
                    );
                    break;
                }
                Event::Eof => panic!("no element in {text}"),
                _ => {}
            }
        }
    }
}
