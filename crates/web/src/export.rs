//! Export of search results to XLSX (CAT-119, CAT-120). The spec asks for Excel 2003 (.xls);
//! no maintained Rust crate writes BIFF8, so Tauar writes XLSX, which every current office
//! suite opens (docs/adr/0004-export-xlsx.md). The row cap of 65 000 and its message stay.

use crate::i18n::Tr;
use crate::state::Labels;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use search::CodeResults;

/// A downloadable file.
pub fn attachment(bytes: Vec<u8>, name: &str) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Writes a sheet: a bold header row, then rows of text cells.
pub fn sheet(
    headers: &[String],
    rows: impl Iterator<Item = Vec<String>>,
    widths: &[f64],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    let bold = Format::new().set_bold();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, h, &bold)?;
        if let Some(w) = widths.get(i) {
            ws.set_column_width(i as u16, *w)?;
        }
    }
    for (r, row) in rows.enumerate() {
        for (i, cell) in row.iter().enumerate() {
            if i == 0
                && let Ok(n) = cell.parse::<f64>()
            {
                ws.write_number(r as u32 + 1, 0, n)?;
                continue;
            }
            ws.write_string(r as u32 + 1, i as u16, cell)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// CAT-120: «№», «Код ЕНС ТРУ», «Наименование», «Характеристики», «Вид ТРУ», «КПВЭД»,
/// «Ед. изм. (МКЕИ)» (in the request's language).
pub fn codes_xlsx(tr: Tr, r: &CodeResults, labels: &Labels) -> Result<Vec<u8>, XlsxError> {
    let headers: Vec<String> = [
        "export-col-no",
        "export-col-code",
        "export-col-name",
        "export-col-chars",
        "export-col-type",
        "export-col-kpved",
        "export-col-unit",
    ]
    .iter()
    .map(|id| tr.t(id))
    .collect();
    let rows = r.items.iter().enumerate().map(|(i, it)| {
        let units: Vec<String> = it
            .units
            .iter()
            .map(|u| match labels.mkei.get(u) {
                Some(n) => format!("{u} {}", n.pick(tr)),
                None => u.clone(),
            })
            .collect();
        vec![
            (i + 1).to_string(),
            it.code.clone(),
            tr.pick(&it.name_ru, it.name_kk.as_deref(), None)
                .to_string(),
            it.characteristics.clone().unwrap_or_default(),
            tr.t(&format!("type-{}", it.subject_type)),
            it.kpved.clone(),
            units.join("; "),
        ]
    });
    sheet(&headers, rows, &[6.0, 32.0, 60.0, 50.0, 12.0, 12.0, 20.0])
}
