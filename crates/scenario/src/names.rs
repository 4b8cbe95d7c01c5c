//! Name pools of the communities seen in these networks, with transliteration variants and
//! Arabic-script forms, and the noise that clerks, operators and informants add to them.

use rand::Rng;

/// One name: its Latin spellings (first is the usual one) and its Arabic-script form ("" if none).
pub type Form = (&'static [&'static str], &'static str);

/// A community whose names and phone numbers a person has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ethnicity {
    /// Kurds of Iraq and Iran writing Sorani.
    KurdSorani,
    /// Kurds of Turkey, Syria and Duhok writing Kurmanji.
    KurdKurmanji,
    /// Iraqi, Syrian and Sudanese Arabs.
    Arab,
    /// Iranians.
    Persian,
    /// Afghans (Pashto and Dari speakers).
    Afghan,
    /// Vietnamese.
    Vietnamese,
    /// Albanians.
    Albanian,
    /// Eritreans (Tigrinya).
    Eritrean,
    /// Turks (shopkeepers, drivers, residents in Turkey).
    Turkish,
}

/// How a community orders the parts of a full name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Given, father's, family or tribal name (Kurdish, Arab, Eritrean).
    Patronymic,
    /// Given and family name.
    GivenFamily,
    /// Family, middle and given name (Vietnamese).
    FamilyFirst,
}

struct Pool {
    male: &'static [Form],
    female: &'static [Form],
    family: &'static [Form],
    style: Style,
}

const MUSLIM_M: &[Form] = &[
    (
        &[
            "Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mihemed", "Muhamad",
        ],
        "محمد",
    ),
    (&["Ahmed", "Ahmad", "Ehmed", "Ahmet"], "أحمد"),
    (&["Ali", "Eli", "Aly"], "علي"),
    (&["Hussein", "Hussain", "Husain", "Hisen", "Husein"], "حسين"),
    (&["Hassan", "Hasan", "Hesen"], "حسن"),
    (&["Omar", "Umar", "Omer"], "عمر"),
    (&["Abdullah", "Abdallah", "Ebdulla", "Abdulla"], "عبدالله"),
    (&["Ibrahim", "Ebrahim", "Brahim", "Birahim"], "إبراهيم"),
    (&["Yusuf", "Youssef", "Yousif", "Yusif"], "يوسف"),
    (&["Khalid", "Khaled", "Xalid"], "خالد"),
    (&["Karim", "Kareem", "Kerim"], "كريم"),
    (&["Mustafa", "Mostafa", "Mistefa"], "مصطفى"),
    (&["Mahmoud", "Mahmood", "Mahmud"], "محمود"),
    (&["Jamal", "Jamaal", "Cemal"], "جمال"),
    (&["Rashid", "Rasheed", "Reshid"], "رشيد"),
    (&["Osman", "Othman", "Usman"], "عثمان"),
    (&["Aziz", "Eziz", "Azeez"], "عزيز"),
    (&["Qadir", "Kadir", "Qader"], "قادر"),
    (&["Rasul", "Rasool", "Resul"], "رسول"),
    (&["Saeed", "Said", "Sayid"], "سعيد"),
];

const SORANI_M: &[Form] = &[
    (&["Karwan", "Karvan"], "کاروان"),
    (&["Rebwar", "Rebuar", "Ribwar"], "ڕێبوار"),
    (&["Hawkar", "Hawker"], "هاوکار"),
    (&["Shwan", "Shuan", "Shwän"], "شوان"),
    (&["Dlshad", "Dilshad", "Dilşad"], "دڵشاد"),
    (&["Aram", "Araam"], "ئارام"),
    (&["Hemin", "Hemn", "Himin"], "هێمن"),
    (&["Zana", "Zanaa"], "زانا"),
    (&["Bakhtiyar", "Bakhtiar", "Bextiyar"], "بەختیار"),
    (&["Soran", "Sooran"], "سۆران"),
    (&["Sherzad", "Shirzad", "Şêrzad"], "شێرزاد"),
    (&["Goran", "Gorran"], "گۆران"),
    (&["Kawa", "Kaveh", "Kawe"], "کاوە"),
    (&["Hardi", "Hardy"], "هەردی"),
    (&["Barzan", "Berzan"], "بەرزان"),
    (&["Azad", "Azaad"], "ئازاد"),
    (&["Nawzad", "Nozad", "Newzad"], "نەوزاد"),
    (&["Sirwan", "Sirvan"], "سیروان"),
    (&["Hiwa", "Hiva"], "هیوا"),
    (&["Mohammed", "Muhammad", "Mihemed", "Mohamad"], "محمد"),
    (&["Ahmed", "Ahmad", "Ehmed"], "ئەحمەد"),
    (&["Omer", "Omar", "Umer"], "عومەر"),
];
const SORANI_F: &[Form] = &[
    (&["Shilan", "Shelan"], "شیلان"),
    (&["Nazdar", "Nazdaar"], "نازدار"),
    (&["Hero", "Hiro"], "هێرۆ"),
    (&["Shno", "Shnoo"], "شنۆ"),
    (&["Zhila", "Jila", "Zhilla"], "ژیلا"),
    (&["Awin", "Avin"], "ئاوین"),
    (&["Chnar", "Chinar", "Çinar"], "چنار"),
    (&["Runak", "Roonak"], "ڕوناک"),
    (&["Kazhal", "Kajal"], "کەژاڵ"),
];
const SORANI_FAM: &[Form] = &[
    (&["Hama", "Hamma", "Hame"], "حەمە"),
    (&["Rasul", "Rasool", "Resul"], "ڕەسوڵ"),
    (&["Aziz", "Eziz"], "عەزیز"),
    (&["Qadir", "Kadir", "Qader"], "قادر"),
    (&["Mahmood", "Mahmoud", "Mehmud"], "مەحمود"),
    (&["Salih", "Saleh", "Salh"], "ساڵح"),
    (&["Karim", "Kareem", "Kerim"], "کەریم"),
    (&["Faraj", "Feraj", "Farag"], "فەرەج"),
    (&["Jaff", "Jaaf", "Caf"], "جاف"),
    (&["Hawrami", "Hewrami", "Hawramani"], "هەورامی"),
    (&["Mirza", "Mirzaa"], "میرزا"),
    (&["Sharif", "Sherif", "Shareef"], "شەریف"),
    (&["Baban", "Babaan"], "بابان"),
    (&["Khoshnaw", "Xoshnaw", "Khoshnav"], "خۆشناو"),
    (&["Zangana", "Zengene", "Zanganeh"], "زەنگەنە"),
    (
        &["Abdulrahman", "Abdul Rahman", "Ebdulrehman"],
        "عەبدولڕەحمان",
    ),
];

const KURMANJI_M: &[Form] = &[
    (&["Sherko", "Şêrko", "Shirko"], "شێرکۆ"),
    (&["Welat", "Walat"], "وەڵات"),
    (&["Rizgar", "Rizgaar"], "ڕزگار"),
    (&["Dildar", "Dildaar"], "دلدار"),
    (&["Serhad", "Serhat"], "سەرهەد"),
    (&["Bawer", "Baver"], "باوەر"),
    (&["Baran", "Baraan"], "باران"),
    (&["Rojhat", "Rohat"], "ڕۆژهات"),
    (&["Agir", "Agîr"], "ئاگر"),
    (&["Dijwar", "Dicwar"], "دژوار"),
    (&["Mihemed", "Mohammed", "Muhammad", "Mehmet"], "محمد"),
    (&["Ehmed", "Ahmed", "Ahmad"], "أحمد"),
    (&["Hesen", "Hassan", "Hasan"], "حسن"),
];
const KURMANJI_F: &[Form] = &[
    (&["Rojin", "Rozhin"], "ڕۆژین"),
    (&["Berfin", "Barfin"], "بەفرین"),
    (&["Jiyan", "Zhiyan"], "ژیان"),
    (&["Hevi", "Hêvî", "Hivi"], "هیڤی"),
    (&["Nesrin", "Nasrin"], "نەسرین"),
    (&["Dilan", "Dillan"], "دیلان"),
];
const KURMANJI_FAM: &[Form] = &[
    (&["Xelil", "Khalil", "Halil"], "خلیل"),
    (&["Silêman", "Sleman", "Sulaiman", "Suleyman"], "سلێمان"),
    (&["Sheikh", "Şêx", "Shekh"], "شێخ"),
    (&["Bozan", "Boozan"], "بۆزان"),
    (&["Doski", "Duski"], "دۆسکی"),
    (&["Zakhoyi", "Zaxoyî", "Zakhoy"], "زاخۆیی"),
    (&["Barwari", "Berwari"], "بەرواری"),
    (&["Omer", "Omar"], "عومەر"),
    (&["Ehmed", "Ahmed"], "ئەحمەد"),
];

const ARAB_M: &[Form] = &[
    (&["Haider", "Hayder", "Haidar"], "حيدر"),
    (&["Ammar", "Amar"], "عمار"),
    (&["Mazen", "Mazin"], "مازن"),
    (&["Firas", "Feras"], "فراس"),
    (&["Bilal", "Belal"], "بلال"),
    (&["Tariq", "Tarek", "Tarik"], "طارق"),
    (&["Walid", "Waleed"], "وليد"),
    (&["Nabil", "Nabeel"], "نبيل"),
    (&["Yasser", "Yasir", "Yaser"], "ياسر"),
];
const ARAB_F: &[Form] = &[
    (&["Fatima", "Fatma", "Fatimah"], "فاطمة"),
    (&["Zainab", "Zeinab", "Zaynab"], "زينب"),
    (&["Maryam", "Mariam", "Meryem"], "مريم"),
    (&["Noor", "Nour", "Nur"], "نور"),
    (&["Aisha", "Ayesha", "Aicha"], "عائشة"),
    (&["Huda", "Hoda"], "هدى"),
    (&["Layla", "Leila", "Laila"], "ليلى"),
    (&["Sara", "Sarah"], "سارة"),
];
const ARAB_FAM: &[Form] = &[
    (
        &["Al-Jubouri", "Aljubouri", "al-Juburi", "Jubouri"],
        "الجبوري",
    ),
    (&["Al-Obaidi", "Alobaidi", "al-Ubaydi", "Obaidi"], "العبيدي"),
    (&["Al-Tamimi", "Altamimi", "Tamimi"], "التميمي"),
    (&["Al-Dulaimi", "Aldulaimi", "Dulaimi"], "الدليمي"),
    (&["Al-Khatib", "Alkhatib", "El Khatib"], "الخطيب"),
    (&["Haddad", "Hadad"], "حداد"),
    (&["Mansour", "Mansur", "Mansoor"], "منصور"),
    (&["Nasser", "Nasir", "Naser"], "ناصر"),
    (&["Hamad", "Hamed", "Hammad"], "حمد"),
    (&["Saleh", "Salih", "Salah"], "صالح"),
];

const PERSIAN_M: &[Form] = &[
    (&["Mohammad", "Mohammed", "Muhammad", "Mohamad"], "محمد"),
    (&["Ali", "Aly"], "علی"),
    (&["Reza", "Rezza", "Riza"], "رضا"),
    (&["Mehdi", "Mahdi"], "مهدی"),
    (&["Amir", "Ameer"], "امیر"),
    (&["Hamid", "Hameed"], "حمید"),
    (&["Hossein", "Hosein", "Hussein"], "حسین"),
    (&["Majid", "Madjid"], "مجید"),
    (&["Behzad", "Behzaad"], "بهزاد"),
    (&["Farhad", "Farhaad"], "فرهاد"),
    (&["Omid", "Omeed"], "امید"),
    (&["Arash", "Aresh"], "آرش"),
    (&["Babak", "Baabak"], "بابک"),
    (&["Javad", "Jawad"], "جواد"),
];
const PERSIAN_F: &[Form] = &[
    (&["Fatemeh", "Fatima", "Fatemah"], "فاطمه"),
    (&["Zahra", "Zahraa"], "زهرا"),
    (&["Maryam", "Mariam"], "مریم"),
    (&["Narges", "Nargis"], "نرگس"),
    (&["Leila", "Leyla", "Layla"], "لیلا"),
    (&["Parisa", "Parissa"], "پریسا"),
    (&["Shirin", "Shireen"], "شیرین"),
    (&["Mahsa", "Mahsaa"], "مهسا"),
];
const PERSIAN_FAM: &[Form] = &[
    (&["Ahmadi", "Ahmady"], "احمدی"),
    (&["Hosseini", "Husseini", "Hoseini"], "حسینی"),
    (&["Mohammadi", "Mohamadi", "Muhammadi"], "محمدی"),
    (&["Rezaei", "Rezaie", "Rezai"], "رضایی"),
    (&["Karimi", "Kareemi"], "کریمی"),
    (&["Moradi", "Muradi"], "مرادی"),
    (&["Jafari", "Jafary", "Ja'fari"], "جعفری"),
    (&["Rahimi", "Raheemi"], "رحیمی"),
    (&["Hashemi", "Hashimi"], "هاشمی"),
    (&["Ghasemi", "Qasemi", "Ghassemi"], "قاسمی"),
    (&["Sadeghi", "Sadeqi", "Sadeghy"], "صادقی"),
    (&["Rostami", "Rustami"], "رستمی"),
    (&["Amini", "Ameeni"], "امینی"),
];

const AFGHAN_M: &[Form] = &[
    (&["Ahmad", "Ahmed"], "احمد"),
    (&["Mohammad", "Muhammad", "Mohammed"], "محمد"),
    (&["Gul Ahmad", "Gulahmad", "Gul Ahmed"], "گل احمد"),
    (&["Abdul Rahman", "Abdulrahman", "Abdurahman"], "عبدالرحمن"),
    (&["Zabihullah", "Zabiullah", "Zabihulla"], "ذبیح‌الله"),
    (&["Hamidullah", "Hamidulla"], "حمیدالله"),
    (&["Rahmatullah", "Rahmatulla"], "رحمت‌الله"),
    (&["Naqibullah", "Naqeebullah"], "نقیب‌الله"),
    (&["Sayed", "Sayyid", "Said"], "سید"),
    (&["Farid", "Fareed"], "فرید"),
    (&["Wahid", "Waheed"], "وحید"),
    (&["Shafiq", "Shafeeq"], "شفیق"),
    (&["Bashir", "Basheer"], "بشیر"),
    (&["Ismail", "Esmail", "Ismaeel"], "اسماعیل"),
    (&["Ajmal", "Ajmaal"], "اجمل"),
    (&["Habibullah", "Habib", "Habibulla"], "حبیب‌الله"),
];
const AFGHAN_F: &[Form] = &[
    (&["Zarghona", "Zarghuna"], "زرغونه"),
    (&["Malalai", "Malalay"], "ملالی"),
    (&["Shabana", "Shabanah"], "شبانه"),
    (&["Nazanin", "Nazaneen"], "نازنین"),
    (&["Freshta", "Fereshteh", "Fereshta"], "فرشته"),
    (&["Gulalai", "Gulalay"], "گلالی"),
];
const AFGHAN_FAM: &[Form] = &[
    (&["Ahmadzai", "Ahmadzay"], "احمدزی"),
    (&["Popal", "Popalzai"], "پوپل"),
    (&["Hakimi", "Hakeemi"], "حکیمی"),
    (&["Safi", "Saafi"], "صافی"),
    (&["Noori", "Nuri", "Nouri"], "نوری"),
    (&["Stanikzai", "Stanekzai"], "ستانکزی"),
    (&["Sultani", "Soltani"], "سلطانی"),
    (&["Amiri", "Ameeri"], "امیری"),
    (&["Wardak", "Wardag"], "وردک"),
    (&["Sadat", "Saadat"], "سادات"),
    (&["Hotak", "Hotaki"], "هوتک"),
    (&["Niazi", "Nyazi"], "نیازی"),
    (&["Yousufzai", "Yusufzai", "Yousafzai"], "یوسفزی"),
];

const VIET_M: &[Form] = &[
    (&["Minh"], ""),
    (&["Hung", "Hùng"], ""),
    (&["Tuan", "Tuấn"], ""),
    (&["Duc", "Đức"], ""),
    (&["Long"], ""),
    (&["Nam"], ""),
    (&["Thanh"], ""),
    (&["Hieu", "Hiếu"], ""),
    (&["Khanh", "Khánh"], ""),
    (&["Phuc", "Phúc"], ""),
    (&["Quang"], ""),
];
const VIET_F: &[Form] = &[
    (&["Lan"], ""),
    (&["Huong", "Hương"], ""),
    (&["Mai"], ""),
    (&["Linh"], ""),
    (&["Trang"], ""),
    (&["Ngoc", "Ngọc"], ""),
    (&["Ha", "Hà"], ""),
];
const VIET_FAM: &[Form] = &[
    (&["Nguyen", "Nguyễn", "Nguyem"], ""),
    (&["Tran", "Trần"], ""),
    (&["Le", "Lê"], ""),
    (&["Pham", "Phạm"], ""),
    (&["Hoang", "Hoàng", "Huynh"], ""),
    (&["Vu", "Vũ"], ""),
    (&["Dang", "Đặng"], ""),
    (&["Bui", "Bùi"], ""),
    (&["Do", "Đỗ"], ""),
    (&["Ngo", "Ngô"], ""),
];

const ALBANIAN_M: &[Form] = &[
    (&["Arben"], ""),
    (&["Ardit"], ""),
    (&["Besnik"], ""),
    (&["Dritan"], ""),
    (&["Elton"], ""),
    (&["Erion"], ""),
    (&["Fatmir"], ""),
    (&["Gentian", "Genti"], ""),
    (&["Ilir"], ""),
    (&["Klodian", "Klodjan"], ""),
    (&["Kujtim"], ""),
    (&["Sokol"], ""),
    (&["Valon"], ""),
    (&["Xhevdet", "Xhevat"], ""),
    (&["Gëzim", "Gezim"], ""),
    (&["Agron"], ""),
];
const ALBANIAN_F: &[Form] = &[
    (&["Anila"], ""),
    (&["Blerina"], ""),
    (&["Elira"], ""),
    (&["Jonida"], ""),
    (&["Mirela"], ""),
    (&["Valbona"], ""),
];
const ALBANIAN_FAM: &[Form] = &[
    (&["Hoxha", "Hodja", "Hoxa"], ""),
    (&["Shehu", "Sheu"], ""),
    (&["Krasniqi", "Krasniqui", "Krasnici"], ""),
    (&["Gashi", "Gaši"], ""),
    (&["Berisha", "Berisa"], ""),
    (&["Dervishi", "Dervisi"], ""),
    (&["Leka"], ""),
    (&["Kola"], ""),
    (&["Marku"], ""),
    (&["Muça", "Muca", "Mucaj"], ""),
    (&["Çela", "Cela"], ""),
    (&["Basha"], ""),
];

const ERITREAN_M: &[Form] = &[
    (&["Yonas", "Yohannes", "Johannes"], ""),
    (&["Tesfay", "Tesfaye", "Tesfai"], ""),
    (&["Mehari", "Meharie"], ""),
    (&["Berhane", "Berhani"], ""),
    (&["Dawit", "Dawitt"], ""),
    (&["Kidane", "Kidani"], ""),
    (&["Habtom", "Habtu"], ""),
    (&["Filmon", "Philmon"], ""),
    (&["Robel", "Robiel"], ""),
    (&["Yemane", "Yemani"], ""),
    (&["Ermias", "Ermiyas"], ""),
    (&["Goitom", "Goytom"], ""),
];
const ERITREAN_F: &[Form] = &[
    (&["Senait", "Senayt"], ""),
    (&["Selam", "Salam"], ""),
    (&["Luwam", "Lwam"], ""),
    (&["Saba"], ""),
    (&["Rahwa", "Rahel"], ""),
    (&["Winta", "Wintana"], ""),
];
const ERITREAN_FAM: &[Form] = &[
    (&["Gebremedhin", "Ghebremedhin", "Gebremedin"], ""),
    (&["Tesfamariam", "Tesfamaryam"], ""),
    (&["Haile", "Hailu"], ""),
    (&["Ghebreyesus", "Gebreyesus"], ""),
    (&["Woldu", "Weldu"], ""),
    (&["Tekle", "Teklay"], ""),
    (&["Asmelash", "Asmelesh"], ""),
    (&["Habtemariam", "Habtemaryam"], ""),
    (&["Zerai", "Zere"], ""),
];

const TURKISH_M: &[Form] = &[
    (&["Mehmet", "Mehmed"], ""),
    (&["Ahmet", "Ahmed"], ""),
    (&["Mustafa"], ""),
    (&["Hüseyin", "Huseyin"], ""),
    (&["Emre"], ""),
    (&["Murat", "Murad"], ""),
    (&["Burak"], ""),
    (&["Hakan"], ""),
    (&["Serkan"], ""),
];
const TURKISH_F: &[Form] = &[
    (&["Ayşe", "Ayse"], ""),
    (&["Elif"], ""),
    (&["Zeynep", "Zeinep"], ""),
    (&["Emine"], ""),
];
const TURKISH_FAM: &[Form] = &[
    (&["Yılmaz", "Yilmaz"], ""),
    (&["Kaya"], ""),
    (&["Demir"], ""),
    (&["Şahin", "Sahin"], ""),
    (&["Çelik", "Celik"], ""),
    (&["Yıldız", "Yildiz"], ""),
    (&["Aydın", "Aydin"], ""),
    (&["Öztürk", "Ozturk"], ""),
    (&["Arslan", "Aslan"], ""),
];

fn pool(e: Ethnicity) -> Pool {
    use Ethnicity::*;
    let (male, female, family, style) = match e {
        KurdSorani => (SORANI_M, SORANI_F, SORANI_FAM, Style::Patronymic),
        KurdKurmanji => (KURMANJI_M, KURMANJI_F, KURMANJI_FAM, Style::Patronymic),
        Arab => (ARAB_M, ARAB_F, ARAB_FAM, Style::Patronymic),
        Persian => (PERSIAN_M, PERSIAN_F, PERSIAN_FAM, Style::GivenFamily),
        Afghan => (AFGHAN_M, AFGHAN_F, AFGHAN_FAM, Style::GivenFamily),
        Vietnamese => (VIET_M, VIET_F, VIET_FAM, Style::FamilyFirst),
        Albanian => (ALBANIAN_M, ALBANIAN_F, ALBANIAN_FAM, Style::GivenFamily),
        Eritrean => (ERITREAN_M, ERITREAN_F, ERITREAN_FAM, Style::Patronymic),
        Turkish => (TURKISH_M, TURKISH_F, TURKISH_FAM, Style::GivenFamily),
    };
    Pool {
        male,
        female,
        family,
        style,
    }
}

/// Arab and Kurdish male names are drawn from the shared Muslim pool this often, so the
/// ambiguous Mohammed/Muhammad/Mihemed cases dominate as they do in real records.
fn uses_common_pool(e: Ethnicity) -> bool {
    matches!(
        e,
        Ethnicity::KurdSorani | Ethnicity::KurdKurmanji | Ethnicity::Arab
    )
}

/// A person's true name, as indices into the pools: cheap to hold for a million people.
#[derive(Debug, Clone, Copy)]
pub struct NameKey {
    /// Community.
    pub eth: Ethnicity,
    /// True for women.
    pub female: bool,
    /// Given name: index into the combined male (or female) list.
    pub given: u16,
    /// Father's name (patronymic styles) or Vietnamese middle name.
    pub father: u16,
    /// Family or tribal name.
    pub family: u16,
}

fn males(e: Ethnicity) -> Vec<Form> {
    let p = pool(e);
    let mut v: Vec<Form> = p.male.to_vec();
    if uses_common_pool(e) {
        v.extend_from_slice(MUSLIM_M);
    }
    v
}

fn male_form(e: Ethnicity, i: u16) -> Form {
    let p = pool(e);
    let i = i as usize;
    if i < p.male.len() {
        p.male[i]
    } else if uses_common_pool(e) {
        MUSLIM_M[(i - p.male.len()) % MUSLIM_M.len()]
    } else {
        p.male[i % p.male.len()]
    }
}

impl NameKey {
    /// Draws a random name of a community.
    pub fn random(rng: &mut impl Rng, eth: Ethnicity, female: bool) -> NameKey {
        let p = pool(eth);
        let n_male = males(eth).len();
        let given = if female {
            rng.random_range(0..p.female.len())
        } else {
            rng.random_range(0..n_male)
        };
        NameKey {
            eth,
            female,
            given: given as u16,
            father: rng.random_range(0..n_male) as u16,
            family: rng.random_range(0..p.family.len()) as u16,
        }
    }

    /// The same family: a relative shares the family name (and for patronymic styles often
    /// the father's name too, for siblings).
    pub fn relative(&self, rng: &mut impl Rng, female: bool) -> NameKey {
        let mut k = NameKey::random(rng, self.eth, female);
        k.family = self.family;
        if rng.random_bool(0.5) {
            k.father = self.father;
        }
        k
    }

    fn given_form(&self) -> Form {
        if self.female {
            let f = pool(self.eth).female;
            f[self.given as usize % f.len()]
        } else {
            male_form(self.eth, self.given)
        }
    }

    fn parts(&self) -> [Form; 3] {
        let p = pool(self.eth);
        let family = p.family[self.family as usize % p.family.len()];
        match p.style {
            Style::FamilyFirst => {
                let middle: Form = if self.female {
                    (&["Thi", "Thị"], "")
                } else {
                    [
                        (&["Van", "Văn"][..], ""),
                        (&["Duc", "Đức"][..], ""),
                        (&["Quoc", "Quốc"][..], ""),
                    ][self.father as usize % 3]
                };
                [family, middle, self.given_form()]
            }
            _ => [self.given_form(), male_form(self.eth, self.father), family],
        }
    }

    /// The usual Latin spelling of the full name, in the community's order.
    pub fn canonical(&self) -> String {
        let [a, b, c] = self.parts();
        match pool(self.eth).style {
            Style::GivenFamily => format!("{} {}", a.0[0], c.0[0]),
            _ => format!("{} {} {}", a.0[0], b.0[0], c.0[0]),
        }
    }

    /// Given and family name only, as shops and money-transfer agents record it.
    pub fn short(&self) -> String {
        let [a, _, c] = self.parts();
        match pool(self.eth).style {
            Style::FamilyFirst => format!("{} {}", c.0[0], a.0[0]),
            _ => format!("{} {}", a.0[0], c.0[0]),
        }
    }

    /// The name in Arabic script, or "" for communities that do not use it.
    pub fn arabic(&self) -> String {
        let [a, b, c] = self.parts();
        if a.1.is_empty() || c.1.is_empty() {
            return String::new();
        }
        match pool(self.eth).style {
            Style::GivenFamily => format!("{} {}", a.1, c.1),
            _ => format!("{} {} {}", a.1, b.1, c.1),
        }
    }

    /// Surname and given names as a passport prints them (Latin, usual spellings).
    pub fn surname_given(&self) -> (String, String) {
        let [a, b, c] = self.parts();
        match pool(self.eth).style {
            Style::GivenFamily => (c.0[0].to_string(), a.0[0].to_string()),
            Style::FamilyFirst => (a.0[0].to_string(), format!("{} {}", b.0[0], c.0[0])),
            Style::Patronymic => (c.0[0].to_string(), format!("{} {}", a.0[0], b.0[0])),
        }
    }

    /// The given name's usual spelling (used in adverts and code words).
    pub fn given_name(&self) -> &'static str {
        self.given_form().0[0]
    }

    /// The name as a clerk, an operator or an informant writes it: another transliteration,
    /// a dropped father's name, family name first, capitals, a typing slip. `level` 0..=1
    /// scales how much noise there is.
    pub fn noisy(&self, rng: &mut impl Rng, level: f64) -> String {
        let style = pool(self.eth).style;
        let [a, b, c] = self.parts();
        let mut pick = |f: Form| -> &'static str {
            if f.0.len() > 1 && rng.random_bool(0.35 * level) {
                f.0[rng.random_range(1..f.0.len())]
            } else {
                f.0[0]
            }
        };
        let (ga, gb, gc) = (pick(a), pick(b), pick(c));
        let mut parts: Vec<&str> = match style {
            Style::GivenFamily => vec![ga, gc],
            Style::FamilyFirst => vec![ga, gb, gc],
            Style::Patronymic if rng.random_bool(0.3 * level) => vec![ga, gc],
            Style::Patronymic => vec![ga, gb, gc],
        };
        let mut out = if rng.random_bool(0.15 * level) {
            // Western forms put the family name first ("HAMA, Karwan") or, for Vietnamese
            // names, move the given name to the front.
            let last = parts.len() - 1;
            if style == Style::FamilyFirst {
                parts.rotate_right(1);
                parts.join(" ")
            } else {
                let fam = parts.remove(last);
                format!("{fam}, {}", parts.join(" "))
            }
        } else {
            parts.join(" ")
        };
        if rng.random_bool(0.08 * level) {
            out = typo(rng, &out);
        }
        if rng.random_bool(0.2 * level) {
            out = out.to_uppercase();
        }
        out
    }
}

/// One slip of the keyboard: a doubled, dropped or swapped letter.
pub fn typo(rng: &mut impl Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| chars[i].is_alphabetic() && chars[i + 1].is_alphabetic())
        .collect();
    if letters.is_empty() {
        return s.to_string();
    }
    let i = letters[rng.random_range(0..letters.len())];
    match rng.random_range(0..3) {
        0 => chars.insert(i, chars[i]),
        1 => {
            chars.remove(i);
        }
        _ => chars.swap(i, i + 1),
    }
    chars.into_iter().collect()
}

/// Fake identities used on SIM registrations and hawala slips: common names, no one real.
pub fn false_name(rng: &mut impl Rng) -> String {
    let eth = [
        Ethnicity::KurdSorani,
        Ethnicity::Arab,
        Ethnicity::Persian,
        Ethnicity::Albanian,
    ][rng.random_range(0..4)];
    NameKey::random(rng, eth, false).short()
}

/// Every Latin spelling the pools know for the Arabic-script form `arabic` (for tests and
/// for analysts checking transliteration matching).
pub fn spellings_of(arabic: &str) -> Vec<&'static str> {
    let all = [MUSLIM_M, SORANI_M, KURMANJI_M, ARAB_M, PERSIAN_M, AFGHAN_M];
    let mut out: Vec<&'static str> = Vec::new();
    for list in all {
        for (latin, ar) in list {
            if *ar == arabic {
                for l in latin.iter() {
                    if !out.contains(l) {
                        out.push(l);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn mohammed_has_its_transliterations() {
        let s = spellings_of("محمد");
        for v in ["Mohammed", "Muhammad", "Mihemed", "Mohammad"] {
            assert!(s.contains(&v), "{v}");
        }
    }

    #[test]
    fn every_community_makes_names() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for eth in [
            Ethnicity::KurdSorani,
            Ethnicity::KurdKurmanji,
            Ethnicity::Arab,
            Ethnicity::Persian,
            Ethnicity::Afghan,
            Ethnicity::Vietnamese,
            Ethnicity::Albanian,
            Ethnicity::Eritrean,
            Ethnicity::Turkish,
        ] {
            for _ in 0..200 {
                let female = rng.random_bool(0.3);
                let k = NameKey::random(&mut rng, eth, female);
                assert!(k.canonical().split(' ').count() >= 2);
                assert!(!k.noisy(&mut rng, 1.0).trim().is_empty());
            }
        }
    }
}
