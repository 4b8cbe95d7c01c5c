//! kingpin-docverify (being built).
