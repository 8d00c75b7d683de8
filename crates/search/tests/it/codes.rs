use crate::fixture::code_index;
use search::{CodeIndex, CodeQuery, CodeResults, Level, parse};

fn q(text: &str, version: u8) -> CodeQuery {
    CodeQuery {
        text: Some(parse(text).expect("query")),
        version,
        offset: 0,
        limit: 100,
        ..CodeQuery::default()
    }
}

fn run(idx: &CodeIndex, query: &CodeQuery) -> CodeResults {
    idx.search(query).expect("search")
}

fn codes(r: &CodeResults) -> Vec<&str> {
    r.items.iter().map(|i| i.code.as_str()).collect()
}

fn groups(r: &CodeResults) -> Vec<(&str, u64)> {
    r.groups.iter().map(|(g, c)| (g.as_str(), *c)).collect()
}

#[test]
fn as_24_and_of_fragments() {
    let idx = code_index();
    let r = run(&idx, &q("труб стал", 15));
    assert_eq!(groups(&r), [("24.20", 2)]);
    assert_eq!(codes(&r), ["242012500000001", "242012500000002"]);
}

#[test]
fn as_25_short_tokens() {
    assert!(parse("тр").is_err());
    let idx = code_index();
    assert_eq!(
        codes(&run(&idx, &q("тр стал", 15))),
        codes(&run(&idx, &q("стал", 15)))
    );
    assert_eq!(
        codes(&run(&idx, &q("стал", 15))),
        ["242012500000001", "242012500000002"]
    );
}

#[test]
fn as_26_typos_with_suggestions() {
    let idx = code_index();
    let r = run(&idx, &q("трбуа стальная", 15));
    assert_eq!(codes(&r), ["242012500000001", "242012500000002"]);
    let words: Vec<&str> = r.suggestions.iter().map(|s| s.word.as_str()).collect();
    assert_eq!(words, ["труба"]);
    let r = run(&idx, &q("молако", 15));
    assert_eq!(codes(&r), ["105111100000001"]);
    assert_eq!(
        r.suggestions
            .iter()
            .map(|s| s.word.as_str())
            .collect::<Vec<_>>(),
        ["молоко"]
    );
}

#[test]
fn as_27_more_than_two_typos_and_digit_tokens() {
    let idx = code_index();
    assert_eq!(run(&idx, &q("малака", 15)).total, 0);
    // «24201» matches codes as a substring, never fuzzily.
    let r = run(&idx, &q("24201", 15));
    assert_eq!(codes(&r), ["242012500000001", "242012500000002"]);
    assert!(r.suggestions.is_empty());
    assert_eq!(
        run(&idx, &q("24209", 15)).total,
        0,
        "no fuzzy matching of digit tokens"
    );
}

#[test]
fn as_28_name_only() {
    let idx = code_index();
    assert_eq!(codes(&run(&idx, &q("газопровод", 15))), ["242012500000002"]);
    let mut name_only = q("газопровод", 15);
    name_only.name_only = true;
    assert_eq!(run(&idx, &name_only).total, 0);
    let mut b = q("бесшовн", 15);
    b.name_only = true;
    assert_eq!(codes(&run(&idx, &b)), ["242012500000001"]);
}

#[test]
fn as_29_subject_type_filter() {
    let idx = code_index();
    let r = run(&idx, &q("труб", 15));
    assert_eq!(r.total, 5);
    assert_eq!(
        groups(&r),
        [("22.21", 1), ("24.20", 2), ("43.22", 1), ("71.12", 1)]
    );
    let mut works = q("труб", 15);
    works.subject_type = Some("works".into());
    assert_eq!(codes(&run(&idx, &works)), ["432211100000001"]);
    let mut services = q("труб", 15);
    services.subject_type = Some("services".into());
    assert_eq!(codes(&run(&idx, &services)), ["711211100000001"]);
}

#[test]
fn as_30_kpved_option() {
    let idx = code_index();
    assert_eq!(run(&idx, &q("профили", 15)).total, 0);
    let mut k = q("профили", 15);
    k.with_kpved = true;
    assert_eq!(
        codes(&run(&idx, &k)),
        ["242012500000001", "242012500000002"]
    );
}

#[test]
fn as_31_versions_never_mix() {
    let idx = code_index();
    assert_eq!(
        codes(&run(&idx, &q("труба", 30))),
        ["242012000000000000000000000001"]
    );
    assert_eq!(
        codes(&run(&idx, &q("труба", 15))),
        ["222121300000001", "242012500000001", "242012500000002"]
    );
}

#[test]
fn as_32_groups_and_chosen_group() {
    let idx = code_index();
    let mut g = q("труб", 15);
    g.group = Some("24.20".into());
    let r = run(&idx, &g);
    assert_eq!(r.total, 2);
    assert_eq!(r.groups.len(), 4, "the other groups stay listed");
}

#[test]
fn as_33_attribute_facets() {
    let idx = code_index();
    let mut g = q("труб", 15);
    g.group = Some("24.20".into());
    g.want_facets = true;
    let r = run(&idx, &g);
    let facet = |r: &CodeResults, name: &str| -> Vec<(String, u64)> {
        r.facets
            .iter()
            .find(|f| f.name == name)
            .map(|f| {
                f.values
                    .iter()
                    .map(|v| (v.value.clone(), v.count))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        facet(&r, "Диаметр"),
        [("57 мм".to_string(), 1), ("108 мм".to_string(), 1)]
    );
    assert_eq!(
        facet(&r, "Толщина стенки"),
        [("3 мм".to_string(), 1), ("4 мм".to_string(), 1)]
    );

    g.attrs = vec![("Диаметр".into(), vec!["57 мм".into()])];
    let r = run(&idx, &g);
    assert_eq!(codes(&r), ["242012500000001"]);
    assert_eq!(
        facet(&r, "Диаметр").len(),
        2,
        "108 мм stays selectable (OR within an attribute)"
    );

    g.attrs = vec![("Диаметр".into(), vec!["57 мм".into(), "108 мм".into()])];
    assert_eq!(
        codes(&run(&idx, &g)),
        ["242012500000001", "242012500000002"]
    );

    g.attrs.push(("Толщина стенки".into(), vec!["3 мм".into()]));
    assert_eq!(codes(&run(&idx, &g)), ["242012500000001"]);

    g.attrs.clear();
    assert_eq!(
        codes(&run(&idx, &g)),
        ["242012500000001", "242012500000002"]
    );
}

#[test]
fn as_34_paging_continues_rows() {
    let idx = code_index();
    let mut p = q("болт", 15);
    p.limit = 10;
    let r = run(&idx, &p);
    assert_eq!(r.total, 25);
    assert_eq!(groups(&r), [("25.94", 25)]);
    assert_eq!(r.items.len(), 10);
    p.offset = 10;
    assert_eq!(run(&idx, &p).items.len(), 10);
    p.offset = 20;
    let page3 = run(&idx, &p);
    assert_eq!(page3.items.len(), 5);
    assert_eq!(page3.items[0].code, "259411100000021");
}

#[test]
fn as_36_hierarchy_levels() {
    let idx = code_index();
    let all = CodeQuery {
        version: 15,
        limit: 0,
        ..CodeQuery::default()
    };
    let r = run(&idx, &all);
    assert_eq!(
        groups(&r),
        [
            ("10.51", 1),
            ("22.21", 1),
            ("24.20", 2),
            ("25.94", 25),
            ("43.22", 1),
            ("71.12", 1)
        ]
    );
    // Within 24.20 the fixture has no sections, so the class level is next.
    let sections = CodeQuery {
        version: 15,
        group: Some("24.20".into()),
        count_level: Level::Section,
        limit: 0,
        ..CodeQuery::default()
    };
    assert_eq!(groups(&run(&idx, &sections)), [("", 2)]);
    let classes = CodeQuery {
        version: 15,
        group: Some("24.20".into()),
        count_level: Level::Class,
        limit: 10,
        ..CodeQuery::default()
    };
    let r = run(&idx, &classes);
    assert_eq!(groups(&r), [("CL-ST", 2)]);
    let mut filtered = CodeQuery {
        class: Some("CL-ST".into()),
        ..classes.clone()
    };
    filtered.text = Some(parse("бесшов").unwrap());
    assert_eq!(codes(&run(&idx, &filtered)), ["242012500000001"]);
    let works = CodeQuery {
        version: 15,
        subject_type: Some("works".into()),
        limit: 0,
        ..CodeQuery::default()
    };
    assert_eq!(groups(&run(&idx, &works)), [("43.22", 1)]);
}

#[test]
fn code_search_by_dotted_code() {
    let idx = code_index();
    assert_eq!(
        codes(&run(&idx, &q("242012.500.000001", 15))),
        ["242012500000001"]
    );
}

// The query rules of spec §4.2 under their own names (the AS tests above cover them too).

#[test]
fn cat_107_every_token_must_match() {
    let idx = code_index();
    assert_eq!(
        codes(&run(&idx, &q("труба напорная", 15))),
        ["222121300000001"]
    );
    assert_eq!(run(&idx, &q("труба молоко", 15)).total, 0);
}

#[test]
fn cat_108_fields_searched() {
    let idx = code_index();
    // Characteristics and attribute values are searched in general mode, not name-only.
    assert_eq!(
        codes(&run(&idx, &q("горячедеформированная", 15))),
        ["242012500000001"]
    );
    let mut n = q("горячедеформированная", 15);
    n.name_only = true;
    assert_eq!(run(&idx, &n).total, 0);
    assert_eq!(
        codes(&run(&idx, &q("наружная", 15))),
        ["432211100000001"],
        "attribute value"
    );
    // The code as one word; attribute names are not searched.
    assert_eq!(
        codes(&run(&idx, &q("105111100000001", 15))),
        ["105111100000001"]
    );
    assert_eq!(
        run(&idx, &q("стенки", 15)).total,
        0,
        "«Толщина стенки» is an attribute name"
    );
}

#[test]
fn cat_110_suggestions_only_for_fuzzy_tokens() {
    let idx = code_index();
    assert!(run(&idx, &q("труба", 15)).suggestions.is_empty());
    let r = run(&idx, &q("молако", 15));
    assert_eq!(r.suggestions.len(), 1);
    assert_eq!(r.suggestions[0].distance, 1);
}

#[test]
fn cat_111_nothing_found_is_an_empty_result() {
    let idx = code_index();
    let r = run(&idx, &q("ыыыщщщ", 15));
    assert_eq!(r.total, 0);
    assert!(r.items.is_empty() && r.groups.is_empty() && r.suggestions.is_empty());
}
