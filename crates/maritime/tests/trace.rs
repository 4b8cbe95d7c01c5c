//! A seized engine's plate, copied with slips, traced back to the dealer's sale and its buyer
//! and forward to the crossing it powered; suspicious purchasing flagged with its evidence.

use kingpin_ingest::{ImportOptions, Mapping, csv_import::import_csv};
use kingpin_maritime::analysis::{FlagOptions, flags, load, trace};
use kingpin_maritime::import::{Kind, import};
use kingpin_scenario::{ScenarioConfig, Size, generate};
use kingpin_store::SqliteStore;

#[test]
fn seized_engine_traced_to_buyer_and_crossing() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("sc");
    generate(&ScenarioConfig::preset(Size::Tiny), &sc, &|_| {}).unwrap();
    let mut store = SqliteStore::open(dir.path().join("k.db")).unwrap();
    for (csv, map) in [
        ("purchases.csv", "purchases.mapping.toml"),
        ("crossings.csv", "crossings.mapping.toml"),
    ] {
        let m = Mapping::load(&sc.join(map)).unwrap();
        import_csv(
            &mut store,
            &sc.join(csv),
            &m,
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    }
    // The first crossing's engine, as the coastguard recorded it.
    let mut rdr = csv::Reader::from_path(sc.join("crossings.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let row = rdr.records().next().unwrap().unwrap();
    let col = |name: &str| row[h.iter().position(|c| c == name).unwrap()].to_string();
    let (serial, crossing) = (col("engine_serial"), col("crossing_id"));
    // Seized later, the plate copied by hand: lower case, spaces, "S/N", a 1 read as I.
    let copied = format!(
        "S/N {}",
        serial
            .to_lowercase()
            .replace('-', " ")
            .replacen('1', "I", 1)
    );
    let seizures = dir.path().join("seizures.csv");
    std::fs::write(
        &seizures,
        format!("seizure_id,date,authority,place,item_kind,make,model,power_hp,serial,quantity,seized_from\nS1,2025-12-01,Gendarmerie,Gravelines,engine,YAMAHS,F40 40HP,40,{copied},1,Unknown\n"),
    )
    .unwrap();
    import(
        &mut store,
        &seizures,
        Kind::Seizures,
        &ImportOptions::default(),
    )
    .unwrap();

    let d = load(&store).unwrap();
    let t = trace(&d, &copied);
    assert!(!t.approximate);
    // The dealer's record and the seizure's: two Equipment entities with one normalised serial.
    let with_buys: Vec<_> = t.items.iter().filter(|i| !i.purchases.is_empty()).collect();
    assert_eq!(with_buys.len(), 1, "{t:#?}");
    let b = &with_buys[0].purchases[0];
    assert!(!b.buyer_name.is_empty() && !b.seller.is_empty());
    assert!(
        with_buys[0].crossings.iter().any(|c| c.record == crossing),
        "{t:#?}"
    );
    assert!(
        t.items
            .iter()
            .any(|i| i.seizures.iter().any(|s| s.record == "S1"))
    );
    // One slip more is still found, marked approximate.
    let mut slipped = serial.clone();
    let last = slipped.pop().unwrap();
    slipped.push(if last == '9' { '8' } else { '9' });
    let t2 = trace(&d, &slipped);
    assert!(t2.approximate && !t2.items.is_empty());
    // Purchases made shortly before their crossings are flagged with the crossing named.
    let f = flags(&d, &FlagOptions::default());
    assert!(
        f.iter()
            .flat_map(|x| &x.reasons)
            .any(|r| r.code == "BEFORE_CROSSING" && r.detail.contains(&crossing))
    );
}

#[test]
fn bulk_cash_many_sellers_and_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let sales = dir.path().join("sales.csv");
    std::fs::write(
        &sales,
        "record_id,date,buyer_name,buyer_phone,seller,seller_country,item_kind,make,model,power_hp,serial,quantity,price,currency,payment\n\
         R1,2025-03-01,Karwan A,+447911123456,Marine Outlet,NL,engine,Yamaha,F40,40,6BG-1000001,1,4200,EUR,cash\n\
         R2,2025-03-09,K. Ahmed,+447911123456,Bootshandel Nord,DE,engine,Ymh,F40 40HP,40,6BG-1000002,1,4100,EUR,cash\n\
         R3,2025-03-20,Karwan Ahmed,+447911123456,Nautic Lille,FR,boat,Kaiman,8.5m dinghy,,HIN-77,2,3900,EUR,transfer\n\
         R4,2025-03-21,Fisher Joe,+447700180456,Marine Outlet,NL,engine,Suzuki,DF60A,60,06003-55,1,6100,EUR,card\n",
    )
    .unwrap();
    let mut store = SqliteStore::open(dir.path().join("k.db")).unwrap();
    import(&mut store, &sales, Kind::Sales, &ImportOptions::default()).unwrap();
    let d = load(&store).unwrap();
    assert_eq!(
        d.items
            .values()
            .filter(|i| i.make == "Yamaha" && i.model == "F40")
            .count(),
        2
    );
    let f = flags(&d, &FlagOptions::default());
    assert_eq!(f.len(), 1, "{f:#?}");
    let codes: Vec<&str> = f[0].reasons.iter().map(|r| r.code).collect();
    for c in ["CASH", "BULK", "REPEATED", "MANY_SELLERS"] {
        assert!(codes.contains(&c), "{c} missing in {codes:?}");
    }
    assert_eq!(f[0].names.len(), 3);
    // A bad row names file, line and field, and nothing is kept.
    std::fs::write(&sales, "record_id,date,buyer_name,buyer_phone,seller,seller_country,item_kind,make,model,power_hp,serial,quantity,price,currency,payment\nR9,not a date,A,,S,FR,engine,Y,F,40,X1,1,1,EUR,cash\n").unwrap();
    let e = import(&mut store, &sales, Kind::Sales, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("sales.csv") && e.contains("date"), "{e}");
}
