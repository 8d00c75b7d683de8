use search::{GoodDoc, GoodFlag, GoodsIndex, GoodsQuery, parse};

fn good(
    id: u64,
    name: &str,
    kk: Option<&str>,
    path: &[&str],
    bin: &str,
    attrs: &[(&str, &str)],
    flags: &[GoodFlag],
) -> GoodDoc {
    GoodDoc {
        id,
        name_ru: name.into(),
        name_kk: kk.map(str::to_string),
        oktru_path: path.iter().map(|s| s.to_string()).collect(),
        kind_name: None,
        supplier_bin: bin.into(),
        attributes: attrs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        flags: flags.to_vec(),
    }
}

fn index() -> GoodsIndex {
    let idx = GoodsIndex::in_ram().unwrap();
    idx.upsert(
        &[
            good(
                1,
                "Ноутбук Apple MacBook Air M1 13,3\"",
                None,
                &["0084", "0084.8471"],
                "010440002215",
                &[("Цвет", "серый")],
                &[],
            ),
            good(
                2,
                "Молоко Адал 3,2% 1 л",
                Some("Адал сүті 3,2% 1 л"),
                &["0004", "0004.0401"],
                "040440002215",
                &[("Жирность", "3,2%")],
                &[GoodFlag::Otp, GoodFlag::Szpt],
            ),
            good(
                3,
                "Молоко Фудмастер 2,5% 0,9 л",
                Some("Фудмастер сүті 2,5% 0,9 л"),
                &["0004", "0004.0401"],
                "040440002215",
                &[("Жирность", "2,5%")],
                &[GoodFlag::Otp],
            ),
            good(
                4,
                "Смартфон Samsung Galaxy A52 128 ГБ",
                None,
                &["0085", "0085.8517"],
                "010440002215",
                &[("Цвет", "черный")],
                &[GoodFlag::InProcurement],
            ),
        ],
        false,
    )
    .unwrap();
    idx.commit(4).unwrap();
    idx
}

fn ids(idx: &GoodsIndex, q: &GoodsQuery) -> Vec<u64> {
    idx.search(q).unwrap().ids
}

fn text(t: &str) -> GoodsQuery {
    GoodsQuery {
        text: Some(parse(t).unwrap()),
        limit: 20,
        ..GoodsQuery::default()
    }
}

#[test]
fn cat_130_goods_query_language() {
    let idx = index();
    assert_eq!(ids(&idx, &text("молок")), [2, 3]);
    assert_eq!(ids(&idx, &text("макбук")), Vec::<u64>::new());
    assert_eq!(ids(&idx, &text("macbok")), [1], "one typo in a Latin word");
    assert_eq!(ids(&idx, &text("молоко адал")), [2]);
    // Kazakh name found with Russian letters (folding) and with its own letters.
    assert_eq!(ids(&idx, &text("сути")), [2, 3]);
    assert_eq!(ids(&idx, &text("сүті")), [2, 3]);
}

#[test]
fn goods_filters() {
    let idx = index();
    let mut q = GoodsQuery {
        limit: 20,
        ..GoodsQuery::default()
    };
    q.oktru = Some("0004".into());
    assert_eq!(ids(&idx, &q), [2, 3]);
    q.flags = vec![GoodFlag::Szpt];
    assert_eq!(ids(&idx, &q), [2]);
    let mut s = GoodsQuery {
        limit: 20,
        supplier: Some("010440002215".into()),
        ..GoodsQuery::default()
    };
    assert_eq!(ids(&idx, &s), [1, 4]);
    s.flags = vec![GoodFlag::InProcurement];
    assert_eq!(ids(&idx, &s), [4]);
}

#[test]
fn goods_groups_and_updates() {
    let idx = index();
    let r = idx
        .search(&GoodsQuery {
            limit: 20,
            ..GoodsQuery::default()
        })
        .unwrap();
    assert_eq!(
        r.groups,
        [
            ("0004".to_string(), 2),
            ("0084".to_string(), 1),
            ("0085".to_string(), 1)
        ]
    );
    idx.delete(2).unwrap();
    idx.upsert(
        &[good(
            3,
            "Кефир Фудмастер 2,5%",
            None,
            &["0004"],
            "040440002215",
            &[],
            &[],
        )],
        true,
    )
    .unwrap();
    idx.commit(6).unwrap();
    assert_eq!(idx.committed_seq(), 6);
    assert_eq!(ids(&idx, &text("молок")), Vec::<u64>::new());
    assert_eq!(ids(&idx, &text("кефир")), [3]);
    assert_eq!(idx.num_docs(), 3);
}
