//! Reading an uploaded table (CSV or XLSX) row by row, with limits, into strings.
//!
//! XLSX is read with calamine's streaming cell reader, never `worksheet_range`: the range
//! is sized by the sheet's *declared* dimensions, which a small upload can set to billions of
//! cells (STACK.md §d). Rows are handed to a visitor one at a time, so a large file never
//! exists as a second table in memory.
//!
//! Row numbers are the ones a person sees in a spreadsheet program: the header is row 1
//! (CSV), or the sheet's own row number (XLSX, where empty rows may come before the data).

use crate::ClassifierError;
use calamine::{DataRef, Reader, Xlsx};
use std::io::Cursor;

/// File format of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// From the file name's extension, else from the content (an XLSX file is a ZIP archive).
    pub fn detect(file_name: &str, bytes: &[u8]) -> FileFormat {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || bytes.starts_with(b"PK\x03\x04")
        {
            FileFormat::Xlsx
        } else {
            FileFormat::Csv
        }
    }
}

/// Caps on an uploaded file (STACK.md §d: cap the upload, stop after a row limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    pub max_file_bytes: usize,
    /// Data rows, not counting the header.
    pub max_rows: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_file_bytes: 50 * 1024 * 1024,
            max_rows: 2_000_000,
        }
    }
}

/// What the reader hands to its visitor.
#[derive(Debug)]
pub enum TableEvent<'a> {
    /// The first non-empty row.
    Header(&'a [String]),
    /// A non-empty data row: its row number and cells (padded with "" to the header's width;
    /// cells right of the header are dropped).
    Row(usize, &'a [String]),
}

/// Reads the table and calls `visit` with the header, then with every non-empty data row.
/// An error from the visitor stops the reading. Returns the number of data rows.
pub fn read_table(
    bytes: &[u8],
    format: FileFormat,
    limits: ImportLimits,
    visit: &mut dyn FnMut(TableEvent<'_>) -> Result<(), ClassifierError>,
) -> Result<usize, ClassifierError> {
    if bytes.len() > limits.max_file_bytes {
        return Err(ClassifierError::ImportTooLarge(format!(
            "{} bytes, the limit is {} bytes",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    let mut sink = RowSink {
        visit,
        width: None,
        rows: 0,
        max_rows: limits.max_rows,
        buf: Vec::new(),
    };
    match format {
        FileFormat::Csv => read_csv(bytes, &mut sink)?,
        FileFormat::Xlsx => read_xlsx(bytes, &mut sink)?,
    }
    if sink.width.is_none() {
        return Err(ClassifierError::ImportUnreadable(
            "the file has no header row".into(),
        ));
    }
    Ok(sink.rows)
}

struct RowSink<'a> {
    visit: &'a mut dyn FnMut(TableEvent<'_>) -> Result<(), ClassifierError>,
    width: Option<usize>,
    rows: usize,
    max_rows: usize,
    buf: Vec<String>,
}

impl RowSink<'_> {
    /// Takes the cells in `self.buf`.
    fn push(&mut self, row_number: usize) -> Result<(), ClassifierError> {
        if self.buf.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        match self.width {
            None => {
                let cells: Vec<String> = self.buf.iter().map(|c| c.trim().to_string()).collect();
                let width = cells
                    .iter()
                    .rposition(|c| !c.is_empty())
                    .map_or(0, |i| i + 1);
                (self.visit)(TableEvent::Header(&cells[..width]))?;
                self.width = Some(width);
            }
            Some(width) => {
                self.rows += 1;
                if self.rows > self.max_rows {
                    return Err(ClassifierError::ImportTooLarge(format!(
                        "more than {} data rows",
                        self.max_rows
                    )));
                }
                self.buf.resize(width, String::new());
                (self.visit)(TableEvent::Row(row_number, &self.buf[..width]))?;
            }
        }
        Ok(())
    }
}

/// The field delimiter, guessed from the first line: Excel with a Russian locale saves CSV
/// with `;`, other tools with `,` or a tab.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d), *d == b','))
        .unwrap_or(b',')
}

fn read_csv(bytes: &[u8], sink: &mut RowSink<'_>) -> Result<(), ClassifierError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(bytes))
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut row_number = 0usize;
    // The reader skips blank lines, which a spreadsheet program shows as rows; its line
    // counter sees them, but also counts line breaks inside quoted fields, which are not rows.
    let mut breaks_in_fields = 0usize;
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            ClassifierError::ImportUnreadable(format!("CSV after row {row_number}: {e}"))
        })?;
        if !more {
            break;
        }
        row_number = record
            .position()
            .map_or(row_number + 1, |p| p.line() as usize - breaks_in_fields);
        breaks_in_fields += record
            .iter()
            .map(|f| f.iter().filter(|b| **b == b'\n').count())
            .sum::<usize>();
        sink.buf.clear();
        for field in record.iter() {
            let text = std::str::from_utf8(field).map_err(|_| {
                ClassifierError::ImportUnreadable(format!(
                    "row {row_number} is not UTF-8 text (save the CSV as UTF-8, not windows-1251)"
                ))
            })?;
            sink.buf.push(text.to_string());
        }
        sink.push(row_number)?;
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], sink: &mut RowSink<'_>) -> Result<(), ClassifierError> {
    let unreadable =
        |e: calamine::XlsxError| ClassifierError::ImportUnreadable(format!("XLSX: {e}"));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book.sheet_names().into_iter().next().ok_or_else(|| {
        ClassifierError::ImportUnreadable("XLSX: the workbook has no sheet".into())
    })?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut current: Option<u32> = None;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(prev) = current {
                sink.push(prev as usize + 1)?;
            }
            sink.buf.clear();
            current = Some(r);
        }
        let c = c as usize;
        // A cell far right of any sensible layout is ignored rather than padded up to.
        if c >= 256 {
            continue;
        }
        if sink.buf.len() <= c {
            sink.buf.resize(c + 1, String::new());
        }
        sink.buf[c] = cell_text(cell.get_value());
    }
    if let Some(prev) = current {
        sink.push(prev as usize + 1)?;
    }
    Ok(())
}

/// The text of a cell. Whole numbers are written without a fraction (a code typed as a
/// number arrives as a float); leading zeros lost that way cannot be restored, and the code's
/// length check reports it.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8], format: FileFormat) -> (Vec<String>, Vec<(usize, Vec<String>)>) {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        read_table(bytes, format, ImportLimits::default(), &mut |e| {
            match e {
                TableEvent::Header(h) => head = h.to_vec(),
                TableEvent::Row(n, r) => rows.push((n, r.to_vec())),
            }
            Ok(())
        })
        .unwrap();
        (head, rows)
    }

    #[test]
    fn csv_with_bom_semicolons_and_empty_rows() {
        let (head, rows) = collect(
            "\u{feff}code;name_ru\n1;\"а\nб\"\n\n;\n2;\"б;в\"\n3;г\n".as_bytes(),
            FileFormat::Csv,
        );
        assert_eq!(head, ["code", "name_ru"]);
        let numbers: Vec<usize> = rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [2, 5, 6]);
        assert_eq!(rows[0].1, ["1", "а\nб"]);
        assert_eq!(rows[1].1, ["2", "б;в"]);
    }

    #[test]
    fn csv_short_rows_are_padded() {
        let (_, rows) = collect(b"a,b,c\n1\n", FileFormat::Csv);
        assert_eq!(rows[0].1, ["1", "", ""]);
    }

    #[test]
    fn limits_are_enforced() {
        let limits = ImportLimits {
            max_file_bytes: 10,
            max_rows: 1,
        };
        let err = read_table(b"code\n1\n2\n3\n", FileFormat::Csv, limits, &mut |_| Ok(()));
        assert!(matches!(err, Err(ClassifierError::ImportTooLarge(_))));
        let limits = ImportLimits {
            max_file_bytes: 100,
            max_rows: 1,
        };
        let err = read_table(b"code\n1\n2\n", FileFormat::Csv, limits, &mut |_| Ok(()));
        assert!(matches!(err, Err(ClassifierError::ImportTooLarge(_))));
    }

    #[test]
    fn not_utf8_is_unreadable() {
        let err = read_table(
            b"code\n\xcf\xf0\n",
            FileFormat::Csv,
            ImportLimits::default(),
            &mut |_| Ok(()),
        );
        assert!(matches!(err, Err(ClassifierError::ImportUnreadable(_))));
    }

    #[test]
    fn detect_format() {
        assert_eq!(FileFormat::detect("a.XLSX", b""), FileFormat::Xlsx);
        assert_eq!(
            FileFormat::detect("upload", b"PK\x03\x04rest"),
            FileFormat::Xlsx
        );
        assert_eq!(FileFormat::detect("a.csv", b"code"), FileFormat::Csv);
    }
}
