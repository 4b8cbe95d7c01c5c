//! Labelled posts for advert detection (`posts.jsonl`, labels in `truth_posts.jsonl`): the
//! recruiters' adverts in the languages their customers read, with the numbers disguised as
//! advertisers disguise them (Arabic-Indic or Persian digits, spaces, dashes, `00`, national
//! form, wa.me links, digits spelled out), hard negatives (travel agencies, visa consultants,
//! boats and engines for sale, news, warnings, migrants' own posts), and advertisers who come
//! back after a takedown with a new account carrying the same phone or the same picture.
//!
//! The posts are composed from phrase lists, so they are easier than real posts: the
//! hand-written sets in `crates/social/data` are the honest test.

use crate::dates::iso_time;
use crate::geo::{C, COUNTRIES};
use crate::names::Ethnicity;
use crate::truth::pid;
use crate::world::{Role, World};
use crate::writer::{Progress, create};
use anyhow::Result;
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::io::Write;
use std::path::Path;

const PLATFORMS: &[(&str, &str)] = &[
    ("tiktok", "https://www.tiktok.com/@"),
    ("facebook", "https://www.facebook.com/"),
    ("telegram", "https://t.me/"),
    ("instagram", "https://www.instagram.com/"),
];

/// One language's phrases. `{p}` is a phone number, `{n}` an amount, `{h}` a handle.
struct Phrases {
    lang: &'static str,
    /// Home region for national-form numbers.
    region: &'static str,
    route: &'static [&'static str],
    vehicle: &'static [&'static str],
    guarantee: &'static [&'static str],
    departure: &'static [&'static str],
    price: &'static [&'static str],
    contact: &'static [&'static str],
    handle: &'static [&'static str],
    digits: [&'static str; 10],
    arabic_digits: Option<char>,
    /// (category, text) hard negatives; `{p}` optional.
    negatives: &'static [(&'static str, &'static str)],
}

const LANGS: &[Phrases] = &[
    Phrases {
        lang: "ckb",
        region: "IQ",
        route: &[
            "گەشتی بەریتانیا",
            "ڕێگای ئینگلتەرا لە فەڕەنساوە",
            "گەیمی ئیتاڵیا",
            "سەفەری ئەڵمانیا",
            "ڕێگای ئەورووپا لە ڕێگای دەریاوە",
        ],
        vehicle: &[
            "بە بەلەم",
            "بە یەخت",
            "بە لۆری",
            "بە ئۆتۆمبێلی تایبەت",
            "بەلەمی نوێ و بزوێنەری باش",
        ],
        guarantee: &[
            "گەرەنتی ١٠٠٪",
            "پارە لە نووسینگە دادەنرێت",
            "بە سەلامەتی",
            "پارە دوای گەیشتن",
        ],
        departure: &[
            "ئەم هەفتەیە دەڕوات",
            "ئەمشەو دەرچوون",
            "تەنها ٣ جێگا ماوە",
            "کاتی دەرچوون نزیکە",
        ],
        price: &["نرخ {n} دۆلار", "نرخی هەر کەسێک {n} یۆرۆ"],
        contact: &[
            "پەیوەندی بکە: {p}",
            "واتساپ {p}",
            "ژمارە {p}",
            "{p} تەنها واتساپ",
        ],
        handle: &["تێلیگرام @{h}", "نامە بنێرن بۆ @{h}"],
        digits: [
            "سیفر", "یەک", "دوو", "سێ", "چوار", "پێنج", "شەش", "حەوت", "هەشت", "نۆ",
        ],
        arabic_digits: Some('\u{0660}'),
        negatives: &[
            (
                "travel",
                "بلیتی فڕۆکە بۆ ئیستانبوڵ و دوبەی، حەجزی هۆتێل. {p}",
            ),
            (
                "visa",
                "وەرگرتنی ڤیزای خوێندن و ژوانی باڵیۆزخانە، پارێزەری یاسایی. {p}",
            ),
            (
                "sale",
                "بەلەمی ماسیگرتن بۆ فرۆشتن لەگەڵ مەکینەی ٤٠ ئەسپ. {p}",
            ),
            (
                "news",
                "هەواڵ: پۆلیس سێ قاچاخچی دەستگیر کرد دوای خنکانی کۆچبەران لە دەریا",
            ),
            (
                "warning",
                "ئاگاداربن! متمانە بە قاچاخچییەکان مەکەن، ژیانت لە مەترسیدایە",
            ),
            (
                "migrant",
                "سوپاس بۆ خوا گەیشتینە ئینگلتەرا، دوعامان بۆ بکەن",
            ),
        ],
    },
    Phrases {
        lang: "kmr",
        region: "TR",
        route: &[
            "Rêya Brîtanyayê",
            "Ji Kale berbi Londonê",
            "Gêma Yewnanistanê",
            "Ji Tirkiyê ber bi Îtalyayê",
            "Sefera Almanyayê",
        ],
        vehicle: &[
            "bi qeyikê",
            "bi yatê",
            "bi TIR",
            "bi erebeyê",
            "qeyika mezin",
        ],
        guarantee: &[
            "garantî",
            "ewle û bilez",
            "pere li ofîsê dimîne",
            "pere piştî gihîştinê",
        ],
        departure: &["vê hefteyê", "îşev derketin", "3 cih mane", "koma nû diçe"],
        price: &["biha {n} euro", "bihayê her kesî {n} dolar"],
        contact: &[
            "Têkilî: {p}",
            "WhatsApp {p}",
            "Telefon {p}",
            "bang bikin {p}",
        ],
        handle: &["Telegram @{h}", "têkilî @{h}"],
        digits: [
            "sifir", "yek", "du", "sê", "çar", "pênc", "şeş", "heft", "heşt", "neh",
        ],
        arabic_digits: None,
        negatives: &[
            (
                "travel",
                "Bilêtên firokê yên erzan Amed - Berlîn, otel û tatîl. {p}",
            ),
            (
                "visa",
                "Parêzer ji bo vîzeya xwendinê û kombûna malbatê, qanûnî. {p}",
            ),
            ("sale", "Motorê qeyikê ji bo firotanê, 40 hespê hêz. {p}"),
            ("news", "Nûçe: polîsan 4 qaçaxçî girtin, qeyikek binav bû"),
            (
                "warning",
                "Hişyar bin! Bawer nekin bi qaçaxçiyan, jiyana xwe nexin xeterê",
            ),
            ("migrant", "Şikir em gihîştin Almanyayê, dua bikin"),
        ],
    },
    Phrases {
        lang: "ar",
        region: "IQ",
        route: &[
            "رحلة إلى بريطانيا",
            "طريق إيطاليا من ليبيا",
            "السفر إلى أوروبا",
            "من تركيا إلى اليونان",
            "من كاليه إلى لندن",
        ],
        vehicle: &[
            "بالقارب",
            "بمركب كبير",
            "بالشاحنة",
            "بسيارة خاصة",
            "يخت سريع",
        ],
        guarantee: &[
            "مضمون",
            "الدفع بعد الوصول",
            "آمن وسريع",
            "المبلغ بمكتب ضمان",
        ],
        departure: &[
            "انطلاق هذا الأسبوع",
            "الانطلاق الليلة",
            "يوجد أماكن محدودة",
            "بقي مقعدين",
        ],
        price: &["السعر {n} دولار", "{n} يورو للشخص"],
        contact: &["للتواصل واتساب {p}", "اتصل {p}", "الرقم: {p}", "واتس {p}"],
        handle: &["تلغرام @{h}", "راسلني @{h}"],
        digits: [
            "صفر",
            "واحد",
            "اثنين",
            "ثلاثة",
            "أربعة",
            "خمسة",
            "ستة",
            "سبعة",
            "ثمانية",
            "تسعة",
        ],
        arabic_digits: Some('\u{0660}'),
        negatives: &[
            (
                "travel",
                "تذاكر طيران إلى إسطنبول ودبي، حجز فنادق ورحلات عمرة. {p}",
            ),
            (
                "visa",
                "مكتب استشارات قانونية: لم الشمل وتأشيرات الدراسة. {p}",
            ),
            ("sale", "للبيع قارب مطاطي مع محرك ٤٠ حصان. {p}"),
            ("news", "خفر السواحل: غرق قارب والشرطة تعتقل مهربين"),
            (
                "warning",
                "تحذير: لا تثقوا بالمهربين، رحلة البحر قد تكلفك حياتك",
            ),
            ("migrant", "الحمد لله وصلنا إلى ألمانيا، ادعولي"),
        ],
    },
    Phrases {
        lang: "ar-latn",
        region: "IQ",
        route: &[
            "ri7la la britanya",
            "tari2 italia men libya",
            "safar 3a oroba",
            "men turkia 3al yunan",
        ],
        vehicle: &["bel balam", "markab kbir", "bel shahena", "sayyara khassa"],
        guarantee: &["madmoun", "el daf3 ba3d el wusul", "2amen 100%"],
        departure: &["hal osbou3", "el lela", "fi amaken"],
        price: &["{n} dolar", "{n} euro lal shakhs"],
        contact: &["whatsapp {p}", "ettasel {p}", "whats {p}"],
        handle: &["telegram @{h}"],
        digits: [
            "sifr", "wa7ed", "etnen", "tlata", "arba3a", "khamsa", "sitta", "sab3a", "tamanya",
            "tis3a",
        ],
        arabic_digits: None,
        negatives: &[
            ("sale", "balam lel bay3 ma3 motor 40 hp, mista3mal. {p}"),
            ("news", "el shorta masaket mhareben ba3d gharaq el balam"),
            ("migrant", "alhamdulillah wselna 3a almanya, ad3ouli"),
            (
                "warning",
                "7azar men el mhareben, la tsada2o, 7ayatkon mish le3be",
            ),
        ],
    },
    Phrases {
        lang: "fa",
        region: "IR",
        route: &[
            "سفر به انگلیس",
            "اعزام به ایتالیا از ترکیه",
            "گیم یونان",
            "رفتن به آلمان",
            "راه اروپا از بلاروس",
        ],
        vehicle: &[
            "با قایق",
            "با یات",
            "با کامیون یخچالی",
            "با ماشین شخصی",
            "قایق بادی با موتور نو",
        ],
        guarantee: &[
            "تضمینی",
            "پرداخت بعد از رسیدن",
            "مطمئن و سریع",
            "پول در دفتر",
        ],
        departure: &["این هفته حرکت", "امشب حرکت", "جا محدود", "گروه بعدی جمعه"],
        price: &["قیمت {n} یورو", "هزینه {n} دلار"],
        contact: &["تماس {p}", "واتساپ {p}", "شماره {p}"],
        handle: &["تلگرام @{h}", "دایرکت @{h}"],
        digits: [
            "صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه",
        ],
        arabic_digits: Some('\u{06F0}'),
        negatives: &[
            ("travel", "تور استانبول با پرواز و هتل، آژانس مسافرتی. {p}"),
            ("visa", "مشاوره ویزای تحصیلی و اقامت، وکیل قانونی. {p}"),
            ("sale", "فروش موتور قایق ۴۰ اسب، کارکرده. {p}"),
            (
                "news",
                "گزارش: پلیس دو قاچاقچی را بازداشت کرد؛ مهاجران در دریا غرق شدند",
            ),
            (
                "warning",
                "هشدار: به قاچاقچیان اعتماد نکنید، جان خود را به خطر نیندازید",
            ),
            ("migrant", "خدا را شکر رسیدیم فرانسه، دعا کنید"),
        ],
    },
    Phrases {
        lang: "ps",
        region: "AF",
        route: &[
            "انګلستان ته سفر",
            "له ترکیې څخه یونان ته",
            "ایټالیا ته",
            "جرمني ته",
            "د اروپا لار",
        ],
        vehicle: &[
            "د کښتۍ له لارې",
            "د لارۍ سفر",
            "د موټر په واسطه",
            "بېړۍ نوې ده",
        ],
        guarantee: &["ډاډه", "تضمین سره", "پیسې په دفتر کې", "خوندي لار"],
        departure: &["دا اونۍ روانېږو", "نن شپه", "ځایونه محدود دي"],
        price: &["بیه {n} ډالر", "بیه {n} یورو"],
        contact: &["واټساپ {p}", "اړیکه: {p}", "زنګ ووهئ {p}"],
        handle: &["ټیلیګرام @{h}"],
        digits: [
            "صفر", "یو", "دوه", "درې", "څلور", "پنځه", "شپږ", "اووه", "اته", "نهه",
        ],
        arabic_digits: Some('\u{06F0}'),
        negatives: &[
            ("travel", "د الوتکې ټکټونه کابل - دوبۍ، هوټل. {p}"),
            (
                "visa",
                "د زده کړې ویزه او د پوهنتون داخله، قانوني مشوره. {p}",
            ),
            ("sale", "کښتۍ د خرڅلاو لپاره، انجن سره. {p}"),
            ("news", "راپور: پولیسو قاچاقبران ونیول، کډوال ډوب شول"),
            (
                "warning",
                "خبرتیا! قاچاقبرانو ته باور مه کوئ، ژوند په خطر کې مه اچوئ",
            ),
            ("migrant", "الحمدلله موږ جرمني ته ورسېدو، دعا وکړئ"),
        ],
    },
    Phrases {
        lang: "vi",
        region: "VN",
        route: &[
            "Đưa người sang Anh",
            "Đi châu Âu qua Nga",
            "Sang Đức",
            "Đi UK từ Pháp",
        ],
        vehicle: &[
            "bằng xe tải lạnh",
            "bằng container",
            "bằng thuyền",
            "bằng ô tô riêng",
        ],
        guarantee: &["bao đậu", "đảm bảo 100%", "uy tín", "đến nơi mới trả tiền"],
        departure: &[
            "tuần này còn chỗ",
            "khởi hành cuối tháng",
            "đợt này còn suất",
        ],
        price: &["trọn gói {n} bảng Anh", "giá {n} đô la"],
        contact: &["Liên hệ {p}", "Zalo {p}", "Gọi {p}"],
        handle: &["Telegram @{h}"],
        digits: [
            "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
        ],
        arabic_digits: None,
        negatives: &[
            (
                "travel",
                "Vé máy bay giá rẻ, đặt khách sạn, tour du lịch. {p}",
            ),
            ("visa", "Tư vấn du học và xin visa hợp pháp. {p}"),
            ("sale", "Cần bán xuồng máy cũ, động cơ 40 mã lực. {p}"),
            (
                "news",
                "Công an bắt giữ đường dây đưa người trái phép, nhiều người tử vong",
            ),
            (
                "warning",
                "Cảnh báo: đừng tin lời hứa đi Anh trên mạng, lừa đảo",
            ),
            ("migrant", "Con đã đến nơi rồi, bố mẹ đừng lo"),
        ],
    },
    Phrases {
        lang: "sq",
        region: "AL",
        route: &[
            "Udhëtim për në Angli",
            "Kalim për në Itali",
            "Rrugë për Evropë",
            "Nga Belgjika në Londër",
        ],
        vehicle: &["me gomone", "me skaf", "me kamion", "me makinë private"],
        guarantee: &["e sigurt 100%", "garanci", "pagesa pas mbërritjes"],
        departure: &["nisemi këtë javë", "nisja sonte", "ka vende të lira"],
        price: &["{n} euro për person", "çmimi {n} euro"],
        contact: &["WhatsApp {p}", "Telefononi {p}", "Kontakt {p}"],
        handle: &["Telegram @{h}", "na shkruani @{h}"],
        digits: [
            "zero", "një", "dy", "tre", "katër", "pesë", "gjashtë", "shtatë", "tetë", "nëntë",
        ],
        arabic_digits: None,
        negatives: &[
            ("travel", "Bileta avioni dhe hotele, pushime në Greqi. {p}"),
            (
                "visa",
                "Aplikime për vizë studimi dhe leje pune, konsulencë ligjore. {p}",
            ),
            ("sale", "Shitet gomone me motor 60 kuaj fuqi. {p}"),
            ("news", "Policia arrestoi trafikantë, gomonja u mbyt"),
            (
                "warning",
                "Kujdes! Mos u besoni trafikantëve, mos rrezikoni jetën",
            ),
            (
                "migrant",
                "Falë Zotit arrita në Londër, familja ime më mungoni",
            ),
        ],
    },
    Phrases {
        lang: "ti",
        region: "ER",
        route: &["ጉዕዞ ናብ እንግሊዝ", "ካብ ሊብያ ናብ ጣልያን", "ናብ ኤውሮጳ", "ናብ ጀርመን"],
        vehicle: &["ብጃልባ", "ብትራክ", "ብመኪና"],
        guarantee: &["ውሑስ", "ክፍሊት ድሕሪ ምብጻሕ", "ብሰላም"],
        departure: &["ኣብዚ ሰሙን", "ሎሚ ለይቲ", "ቦታ ኣሎ"],
        price: &["ዋጋ {n} ዶላር", "ዋጋ {n} ዩሮ"],
        contact: &["ደውሉ {p}", "ዋትስኣፕ {p}", "ስልኪ {p}"],
        handle: &["ቴሌግራም @{h}"],
        digits: [
            "ዜሮ",
            "ሓደ",
            "ክልተ",
            "ሰለስተ",
            "ኣርባዕተ",
            "ሓሙሽተ",
            "ሽዱሽተ",
            "ሸውዓተ",
            "ሸሞንተ",
            "ትሽዓተ",
        ],
        arabic_digits: None,
        negatives: &[
            ("travel", "ቲኬት ነፋሪት ብሕሱር ዋጋ፡ ሆቴል። {p}"),
            ("visa", "ሕጋዊ ምጽንባር ስድራ፡ ኤምባሲ። {p}"),
            ("sale", "ጃልባ ንሽያጥ ምስ ሞተር። {p}"),
            ("news", "ዜና፡ ጃልባ ጠሊቓ ሰባት ሞይቶም፡ ፖሊስ ደላሎ ኣሲሩ"),
            ("warning", "ጥንቃቐ! ንደላሎ ኣይትእመኑ፡ ህይወትኩም ሓደገኛ"),
            ("migrant", "ምስጋና ንኣምላኽ በጺሕና፡ ጸልዩልና"),
        ],
    },
    Phrases {
        lang: "en",
        region: "GB",
        route: &[
            "UK by boat",
            "Trip to Britain",
            "Germany to UK",
            "Italy from Libya",
            "Greece from Turkey",
            "Calais to Dover",
        ],
        vehicle: &[
            "big boat, new engine",
            "lorry every week",
            "private car",
            "speedboat",
        ],
        guarantee: &[
            "safe and fast",
            "guaranteed",
            "pay after arrival through the office",
            "100% success",
        ],
        departure: &[
            "this week",
            "leaving tonight",
            "few places left",
            "2 seats left",
        ],
        price: &["£{n} per person", "{n} euro", "${n}"],
        contact: &["Call/WhatsApp {p}", "Contact {p}", "WhatsApp {p}"],
        handle: &["Telegram @{h}", "DM @{h}"],
        digits: [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ],
        arabic_digits: None,
        negatives: &[
            (
                "travel",
                "Cheap flights Erbil to Istanbul every day, hotel booking. Call {p}",
            ),
            (
                "visa",
                "Student visa and work permit applications, regulated immigration lawyers. {p}",
            ),
            (
                "sale",
                "Outboard engine for sale, 40hp, barely used. Call {p}",
            ),
            (
                "news",
                "Police arrested four men after a small boat sank in the Channel, court hears",
            ),
            (
                "warning",
                "Warning: don't trust smugglers on TikTok, the Channel is deadly",
            ),
            (
                "migrant",
                "We made it to the UK, thank god. Pray for my brother in Calais",
            ),
            (
                "other",
                "Looking for a room in London from next month, call {p}",
            ),
        ],
    },
];

fn lang(l: &str) -> &'static Phrases {
    LANGS.iter().find(|p| p.lang == l).expect("listed language")
}

/// Languages a recruiter of this community advertises in (first most often).
fn languages(eth: Ethnicity) -> &'static [&'static str] {
    match eth {
        Ethnicity::KurdSorani => &["ckb", "ckb", "ar", "fa", "en", "ti"],
        Ethnicity::KurdKurmanji => &["kmr", "kmr", "ar-latn", "ar", "en"],
        Ethnicity::Afghan => &["fa", "ps", "ps", "en"],
        Ethnicity::Albanian => &["sq", "sq", "en"],
        Ethnicity::Vietnamese => &["vi", "vi", "en"],
        Ethnicity::Arab => &["ar", "ar-latn", "en"],
        _ => &["en", "ti", "ar"],
    }
}

/// A number as an advertiser writes it in a post of language `p`.
fn disguise(rng: &mut impl Rng, p: &Phrases, country: C, e164: &str) -> String {
    let c = &COUNTRIES[country as usize];
    let rest = &e164[1 + c.dial.len()..];
    let intl = &e164[1..];
    let spaced = {
        let (a, b) = rest.split_at(3.min(rest.len()));
        let (b, d) = b.split_at(3.min(b.len()));
        format!("+{} {a} {b} {d}", c.dial)
    };
    let digits_in = |s: &str, zero: char| -> String {
        s.chars()
            .map(|ch| match ch.to_digit(10) {
                Some(d) => char::from_u32(zero as u32 + d).expect("digit"),
                None => ch,
            })
            .collect()
    };
    match rng.random_range(0..10) {
        0 => e164.to_string(),
        1 => spaced,
        2 => format!("00{intl}"),
        3 => spaced.replace(' ', "-"),
        4 if c.iso2 == p.region => format!("0{rest}"),
        5 | 6 if p.arabic_digits.is_some() => {
            let z = p.arabic_digits.expect("checked");
            if rng.random_bool(0.5) {
                digits_in(&format!("00{intl}"), z)
            } else {
                // Mixed: the country code in Latin digits, the rest in Arabic-Indic.
                format!("00{} {}", c.dial, digits_in(rest, z))
            }
        }
        7 => format!("wa.me/{intl}"),
        8 => format!("00{intl}")
            .chars()
            .map(|ch| p.digits[ch.to_digit(10).expect("digit") as usize])
            .collect::<Vec<_>>()
            .join(" "),
        _ => spaced,
    }
}

fn advert_text(r: &mut ChaCha8Rng, p: &Phrases, phone: Option<&str>, handle: &str) -> String {
    let pick = |rng: &mut ChaCha8Rng, xs: &[&str]| xs[rng.random_range(0..xs.len())].to_string();
    let mut parts = vec![pick(r, p.route)];
    let mut middle = Vec::new();
    if r.random_bool(0.7) {
        middle.push(pick(r, p.vehicle));
    }
    if r.random_bool(0.6) {
        middle.push(pick(r, p.guarantee));
    }
    if r.random_bool(0.5) {
        middle.push(pick(r, p.departure));
    }
    if r.random_bool(0.4) {
        let n = r.random_range(12..90) * 100;
        middle.push(pick(r, p.price).replace("{n}", &n.to_string()));
    }
    middle.shuffle(r);
    parts.extend(middle);
    match phone {
        Some(ph) => parts.push(pick(r, p.contact).replace("{p}", ph)),
        None => parts.push(pick(r, p.handle).replace("{h}", handle)),
    }
    let sep = if matches!(p.lang, "ckb" | "ar" | "fa" | "ps") {
        "، "
    } else {
        ". "
    };
    parts.join(sep)
}

/// A handle the same advertiser would pick for a new account after a takedown.
fn successor_handle(rng: &mut impl Rng, h: &str) -> String {
    let stem: String = h.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    match rng.random_range(0..3) {
        0 => format!("{}{}", stem.replace('_', "."), rng.random_range(2..99)),
        1 => format!("{stem}_new{}", rng.random_range(1..9)),
        _ => format!("real_{stem}"),
    }
}

struct Acct {
    owner: u32,
    platform: usize,
    handle: String,
    created: i32,
    media: String,
    reappears_of: Option<(String, &'static str)>,
}

/// Row counts of the labelled post files.
pub struct PostCounts {
    /// Posts written.
    pub posts: u64,
    /// Of which adverts.
    pub adverts: u64,
}

/// Writes `posts.jsonl` and `truth_posts.jsonl`.
pub fn write(w: &World, rng: &mut ChaCha8Rng, dir: &Path, pr: &Progress) -> Result<PostCounts> {
    let mut posts = create(&dir.join("posts.jsonl"))?;
    let mut truth = create(&dir.join("truth_posts.jsonl"))?;
    let mut accts: Vec<Acct> = Vec::new();
    for (i, person) in w.people.iter().enumerate() {
        if person.role != Role::Recruiter {
            continue;
        }
        let given = person
            .name
            .given_name()
            .to_lowercase()
            .replace([' ', '\''], "");
        for k in 0..rng.random_range(1..=2) {
            accts.push(Acct {
                owner: i as u32,
                platform: rng.random_range(0..PLATFORMS.len()),
                handle: format!(
                    "{given}_{}{}",
                    ["safar", "rega", "trips", "uk_way", "europa"][rng.random_range(0..5)],
                    k + 1
                ),
                created: w.start + rng.random_range(0..w.days / 2),
                media: format!("{:016x}", rng.random::<u64>()),
                reappears_of: None,
            });
        }
    }
    let (mut n, mut n_adv) = (0u64, 0u64);
    let mut k = 0;
    while k < accts.len() {
        let a = &accts[k];
        let owner = &w.people[a.owner as usize];
        let langs = languages(owner.name.eth);
        let (platform, base) = PLATFORMS[a.platform];
        let n_posts = rng.random_range(3..=8);
        let mut last_day = a.created;
        let mut last_phone: Option<(u32, String)> = None;
        for _ in 0..n_posts {
            let day = (a.created + rng.random_range(0..60)).min(w.start + w.days - 1);
            last_day = last_day.max(day);
            let p = lang(langs[rng.random_range(0..langs.len())]);
            let ph_idx = w.phone_on(rng, a.owner, day);
            let ph = &w.phones[ph_idx as usize];
            let e164 = ph.number();
            let with_phone = rng.random_bool(0.85);
            let written = disguise(rng, p, ph.country, &e164);
            let text = advert_text(rng, p, with_phone.then_some(written.as_str()), &a.handle);
            let phones: Vec<String> = if with_phone {
                vec![e164.clone()]
            } else {
                vec![]
            };
            last_phone = Some((ph_idx, e164));
            let media: Vec<&str> = if rng.random_bool(0.6) {
                vec![a.media.as_str()]
            } else {
                vec![]
            };
            let post_id = format!("{platform}-p{}", 5_000_000 + n);
            let url = format!("{base}{}", a.handle);
            writeln!(
                posts,
                "{}",
                json!({"platform": platform, "account_id": format!("{platform}-a{}", 900_000 + k),
                    "handle": a.handle, "display_name": w.alias(a.owner), "post_id": post_id,
                    "time": iso_time(day, rng.random_range(0..86_400)), "text": text, "links": [],
                    "media_hashes": media, "url": format!("{url}/posts/{}", 5_000_000 + n), "account_url": url})
            )?;
            writeln!(
                truth,
                "{}",
                json!({"post_id": post_id, "lang": p.lang, "is_advert": true, "category": "advert",
                    "phones": phones, "account": format!("{platform}/{}", a.handle), "owner": pid(a.owner),
                    "reappears_of": a.reappears_of.as_ref().map(|(h, _)| h), "linked_by": a.reappears_of.as_ref().map(|(_, l)| l)})
            )?;
            n += 1;
            n_adv += 1;
            pr.tick();
        }
        // One account in four is taken down and comes back under a new handle, with the same
        // phone or the same picture.
        if a.reappears_of.is_none() && rng.random_bool(0.25) {
            let link = if rng.random_bool(0.6) && last_phone.is_some() {
                "phone"
            } else {
                "media"
            };
            let succ = Acct {
                owner: a.owner,
                platform: if rng.random_bool(0.7) {
                    a.platform
                } else {
                    rng.random_range(0..PLATFORMS.len())
                },
                handle: successor_handle(rng, &a.handle),
                created: last_day + rng.random_range(5..30),
                media: if link == "media" {
                    a.media.clone()
                } else {
                    format!("{:016x}", rng.random::<u64>())
                },
                reappears_of: Some((format!("{platform}/{}", a.handle), link)),
            };
            if succ.created < w.start + w.days {
                accts.push(succ);
            }
        }
        k += 1;
    }
    // Hard negatives, as many as adverts, from bystanders' accounts.
    let n_neg = n_adv;
    for j in 0..n_neg {
        if w.others.is_empty() {
            break;
        }
        let owner = w.others[rng.random_range(0..w.others.len())];
        let p = &LANGS[rng.random_range(0..LANGS.len())];
        let (cat, tpl) = p.negatives[rng.random_range(0..p.negatives.len())];
        let day = w.start + rng.random_range(0..w.days);
        let ph = &w.phones[w.phone_on(rng, owner, day) as usize];
        let mut phones = Vec::new();
        let text = if tpl.contains("{p}") {
            let e164 = ph.number();
            let written = disguise(rng, p, ph.country, &e164);
            phones.push(e164);
            tpl.replace("{p}", &written)
        } else {
            tpl.to_string()
        };
        let (platform, base) = PLATFORMS[rng.random_range(0..PLATFORMS.len())];
        let handle = format!(
            "{}_{}",
            w.people[owner as usize]
                .name
                .given_name()
                .to_lowercase()
                .replace([' ', '\''], ""),
            j
        );
        let post_id = format!("{platform}-p{}", 5_000_000 + n);
        writeln!(
            posts,
            "{}",
            json!({"platform": platform, "handle": handle, "post_id": post_id, "time": iso_time(day, rng.random_range(0..86_400)),
                "text": text, "links": [], "media_hashes": [], "account_url": format!("{base}{handle}")})
        )?;
        writeln!(
            truth,
            "{}",
            json!({"post_id": post_id, "lang": p.lang, "is_advert": false, "category": cat, "phones": phones,
                "account": format!("{platform}/{handle}"), "owner": pid(owner), "reappears_of": null, "linked_by": null})
        )?;
        n += 1;
        pr.tick();
    }
    posts.flush()?;
    truth.flush()?;
    Ok(PostCounts {
        posts: n,
        adverts: n_adv,
    })
}
