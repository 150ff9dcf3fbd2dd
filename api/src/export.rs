//! Spreadsheets of a list (SPEC §4.8), the officials' daily tool: CSV and XLSX of what the
//! list itself would show the caller, under the same filters.
//!
//! Rows are read in keyset batches on a thread of the export's own and leave through a
//! bounded channel: neither a long list nor a slow client fills memory, and a long export
//! holds none of the blocking threads the API's requests share. What fails before the first
//! byte is a problem like any other; after it, the response is cut off, so a truncated file
//! is never taken for a whole one.

use std::collections::HashMap;
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use chrono::{DateTime, FixedOffset, Utc};
use persistence::util::{Keyset, Page, Paged};
use persistence::{DbConnection, Pool};
use rust_xlsxwriter::{ExcelDateTime, Format as Style, Workbook, XlsxError};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::{db, ApiError};

/// Rows per query: enough to spread a query's cost thin, few enough to stay a few hundred
/// kilobytes.
const BATCH: i64 = 500;
/// Bytes per chunk of the body.
const CHUNK: usize = 64 * 1024;
/// Chunks that wait for a slow client before the producer waits too.
const CHUNKS_AHEAD: usize = 4;
/// Excel's rows per sheet, less the header; more go on to the next sheet.
const ROWS_PER_SHEET: u32 = 1_048_575;
/// Excel opens a CSV as UTF-8 only when it starts with the byte order mark; without it,
/// Chinese is garbled on a Chinese Windows.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = ExportFormat, rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The file's extension in the path; another names no file this API serves.
    pub fn parse(extension: &str) -> Result<Self, ApiError> {
        match extension {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(ApiError::NotFound(format!("no export as .{other}: .csv or .xlsx"))),
        }
    }

    const fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    const fn content_type(self) -> &'static str {
        match self {
            Format::Csv => CSV_TYPE,
            Format::Xlsx => XLSX_TYPE,
        }
    }
}

/// What an export is of.
pub struct Sheet {
    /// The sheet's name, and the file's before the date.
    pub name: &'static str,
    /// The file's name for clients that cannot read `filename*`.
    pub ascii_name: &'static str,
    /// Each column's header and its width in characters.
    pub columns: &'static [(&'static str, f64)],
}

/// One value of a row, typed so that each format writes it its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    /// Money in fen, shown in yuan.
    Yuan(i64),
    /// Service time in minutes, shown in hours.
    Hours(i64),
    /// Shown in Beijing time, the clock officials read.
    Time(Option<DateTime<Utc>>),
}

pub type Row = Vec<Cell>;

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn opt_text(text: Option<String>) -> Cell {
        Cell::Text(text.unwrap_or_default())
    }

    pub fn id(id: Uuid) -> Cell {
        Cell::Text(id.to_string())
    }

    pub fn opt_id(id: Option<Uuid>) -> Cell {
        Cell::opt_text(id.map(|i| i.to_string()))
    }

    pub fn yes_no(yes: bool) -> Cell {
        Cell::text(if yes { "是" } else { "否" })
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => neutralised(text),
            Cell::Count(n) => n.to_string(),
            Cell::Yuan(fen) => {
                let sign = if *fen < 0 { "-" } else { "" };
                let fen = fen.unsigned_abs();
                format!("{sign}{}.{:02}", fen / 100, fen % 100)
            }
            Cell::Hours(minutes) => format!("{:.2}", *minutes as f64 / 60.0),
            Cell::Time(at) => at.map(|t| beijing(t).format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
        }
    }
}

/// UTC+8, all year: China keeps no summer time.
const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is an offset"),
};

fn beijing(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&BEIJING)
}

/// A text a spreadsheet would run as a formula — starting with `=`, `+`, `-` or `@`, or a
/// tab or carriage return that hides one — gets a leading apostrophe, so Excel shows it as
/// typed (OWASP's advice on CSV injection). The full-width signs too: Excel reads them as
/// the ASCII ones under a Chinese input method.
fn neutralised(text: &str) -> String {
    const TRIGGERS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    if text.starts_with(TRIGGERS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Streams `sheet` as `format`, reading its rows with `fetch` a batch at a time.
pub async fn respond<F>(pool: &Pool, format: Format, sheet: &'static Sheet, fetch: F) -> Result<HttpResponse, ApiError>
where
    F: FnMut(&mut DbConnection, Page) -> Result<Paged<Row>, ApiError> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(CHUNKS_AHEAD);
    let (ready, started) = oneshot::channel();
    let rows = Rows { pool: pool.clone(), fetch, next: Some(None) };
    let pipe = Pipe { tx, buf: Vec::with_capacity(CHUNK) };
    std::thread::Builder::new()
        .name("export".into())
        .spawn(move || produce(format, sheet, rows, ready, pipe))
        .map_err(|e| ApiError::Unavailable(format!("no thread for the export: {e}")))?;
    started.await.map_err(|_| ApiError::Internal("the export stopped before its first byte".into()))??;
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header(disposition(sheet, format, Utc::now()))
        .streaming(Chunks(rx)))
}

/// `attachment`, named like `需求清单-20261207.csv` (RFC 5987), and `demands-20261207.csv`
/// for clients that read only plain `filename`.
fn disposition(sheet: &Sheet, format: Format, now: DateTime<Utc>) -> ContentDisposition {
    let day = beijing(now).format("%Y%m%d");
    let ext = format.extension();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(format!("{}-{day}.{ext}", sheet.ascii_name)),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: format!("{}-{day}.{ext}", sheet.name).into_bytes(),
            }),
        ],
    }
}

/// The list, a batch at a time, each on a connection checked out for that batch only.
struct Rows<F> {
    pool: Pool,
    fetch: F,
    /// Where the next batch starts (`Some(None)`: at the top); `None` once read to the end.
    next: Option<Option<Keyset>>,
}

impl<F> Rows<F>
where
    F: FnMut(&mut DbConnection, Page) -> Result<Paged<Row>, ApiError>,
{
    fn next_batch(&mut self) -> Result<Option<Vec<Row>>, ApiError> {
        let Some(after) = self.next else { return Ok(None) };
        let fetch = &mut self.fetch;
        let batch = db::run_here(&self.pool, |conn| fetch(conn, Page { after, limit: BATCH }))?;
        self.next = batch.next.map(Some);
        Ok(Some(batch.items))
    }
}

/// The response body as an [`io::Write`]: bytes gather into chunks that go out over the
/// bounded channel, so a slow client holds the producer back rather than filling memory.
struct Pipe {
    tx: mpsc::Sender<Result<Bytes, ApiError>>,
    buf: Vec<u8>,
}

impl Pipe {
    fn send(&mut self) -> io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client left"))
    }
}

impl Write for Pipe {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            self.send()
        }
    }
}

/// The chunks as the response's body.
struct Chunks(mpsc::Receiver<Result<Bytes, ApiError>>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, ApiError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

type Ready = Option<oneshot::Sender<Result<(), ApiError>>>;

fn produce<F>(
    format: Format,
    sheet: &Sheet,
    mut rows: Rows<F>,
    ready: oneshot::Sender<Result<(), ApiError>>,
    mut pipe: Pipe,
) where
    F: FnMut(&mut DbConnection, Page) -> Result<Paged<Row>, ApiError>,
{
    let mut ready = Some(ready);
    let outcome = match format {
        Format::Csv => write_csv(sheet, &mut rows, &mut pipe, &mut ready),
        Format::Xlsx => write_xlsx(sheet, &mut rows, &mut pipe, &mut ready),
    };
    let Err(e) = outcome else { return };
    match ready {
        Some(ready) => {
            let _ = ready.send(Err(e));
        }
        None if pipe.tx.is_closed() => tracing::debug!("the client left before its export was done"),
        None => {
            tracing::error!(error = %e, "export cut off");
            let _ = pipe.tx.blocking_send(Err(e));
        }
    }
}

/// Lets the response begin; `false` when its client has already left.
fn start(ready: &mut Ready) -> bool {
    ready.take().is_some_and(|r| r.send(Ok(())).is_ok())
}

fn io_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("writing an export: {e}"))
}

/// The first batch is read before the first byte leaves, so a filter naming nothing is
/// still a problem; the rest follow batch by batch.
fn write_csv<F>(sheet: &Sheet, rows: &mut Rows<F>, pipe: &mut Pipe, ready: &mut Ready) -> Result<(), ApiError>
where
    F: FnMut(&mut DbConnection, Page) -> Result<Paged<Row>, ApiError>,
{
    let mut batch = rows.next_batch()?;
    if !start(ready) {
        return Ok(());
    }
    pipe.write_all(BOM).map_err(io_error)?;
    let mut out = csv::Writer::from_writer(pipe);
    out.write_record(sheet.columns.iter().map(|(header, _)| header)).map_err(io_error)?;
    while let Some(items) = batch {
        for row in &items {
            out.write_record(row.iter().map(Cell::csv)).map_err(io_error)?;
        }
        batch = rows.next_batch()?;
    }
    out.flush().map_err(io_error)
}

/// An XLSX is a zip that names its parts at the end: every row is read (into the sheets'
/// temporary files) before the first byte, then the zip is streamed.
fn write_xlsx<F>(sheet: &Sheet, rows: &mut Rows<F>, pipe: &mut Pipe, ready: &mut Ready) -> Result<(), ApiError>
where
    F: FnMut(&mut DbConnection, Page) -> Result<Paged<Row>, ApiError>,
{
    let mut book = Workbook::new();
    let mut sheets = Sheets::new(sheet, ROWS_PER_SHEET);
    sheets.add(&mut book).map_err(io_error)?;
    while let Some(items) = rows.next_batch()? {
        // Nobody is waiting for the file any more: the rest would be read for nothing.
        if ready.as_ref().is_some_and(oneshot::Sender::is_closed) {
            return Ok(());
        }
        for row in &items {
            sheets.write(&mut book, row).map_err(io_error)?;
        }
    }
    if !start(ready) {
        return Ok(());
    }
    book.save_to_writer(&mut *pipe).map_err(io_error)?;
    pipe.flush().map_err(io_error)
}

/// The workbook's sheets, in constant-memory mode: each row goes to a temporary file as it
/// is written.
struct Sheets<'a> {
    sheet: &'a Sheet,
    rows_per_sheet: u32,
    count: usize,
    /// The next row of the current sheet.
    row: u32,
    header: Style,
    money: Style,
    hours: Style,
    time: Style,
}

impl<'a> Sheets<'a> {
    fn new(sheet: &'a Sheet, rows_per_sheet: u32) -> Self {
        Sheets {
            sheet,
            rows_per_sheet,
            count: 0,
            row: 0,
            header: Style::new().set_bold(),
            money: Style::new().set_num_format("#,##0.00"),
            hours: Style::new().set_num_format("0.00"),
            time: Style::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        }
    }

    /// A sheet with the header row, named `需求清单`, then `需求清单 (2)`, ….
    fn add(&mut self, book: &mut Workbook) -> Result<(), XlsxError> {
        self.count += 1;
        let ws = book.add_worksheet_with_constant_memory()?;
        let name =
            if self.count == 1 { self.sheet.name.to_owned() } else { format!("{} ({})", self.sheet.name, self.count) };
        ws.set_name(name)?;
        for (col, (header, width)) in (0..).zip(self.sheet.columns) {
            ws.set_column_width(col, *width)?;
            ws.write_string_with_format(0, col, *header, &self.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        self.row = 1;
        Ok(())
    }

    fn write(&mut self, book: &mut Workbook, cells: &[Cell]) -> Result<(), XlsxError> {
        if self.row > self.rows_per_sheet {
            self.add(book)?;
        }
        let ws = book.worksheet_from_index(self.count - 1)?;
        let row = self.row;
        for (col, cell) in (0..).zip(cells) {
            match cell {
                // Always a string, never a formula, whatever it starts with.
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    ws.write_string(row, col, text)?;
                }
                Cell::Count(n) => {
                    ws.write_number(row, col, *n as f64)?;
                }
                Cell::Yuan(fen) => {
                    ws.write_number_with_format(row, col, *fen as f64 / 100.0, &self.money)?;
                }
                Cell::Hours(minutes) => {
                    ws.write_number_with_format(row, col, *minutes as f64 / 60.0, &self.hours)?;
                }
                Cell::Time(None) => {}
                Cell::Time(Some(at)) => {
                    let local = ExcelDateTime::from_timestamp(beijing(*at).naive_local().and_utc().timestamp())?;
                    ws.write_datetime_with_format(row, col, local, &self.time)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }
}

/// Units as officials find a record: by their names from the street down
/// (`淮河路街道 / 兴华南街社区 / 金祥花园`), each unit read once for a whole export.
#[derive(Default)]
pub struct UnitNames {
    names: HashMap<Uuid, String>,
    paths: HashMap<Uuid, Vec<Uuid>>,
}

impl UnitNames {
    /// Reads the units of a batch, and the units above them, not read yet.
    pub fn load(&mut self, conn: &mut DbConnection, units: impl IntoIterator<Item = Uuid>) -> Result<(), ApiError> {
        let missing: Vec<String> =
            units.into_iter().filter(|u| !self.paths.contains_key(u)).map(|u| u.to_string()).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let refs: Vec<&str> = missing.iter().map(String::as_str).collect();
        let mut above = Vec::new();
        for (id, name, path) in persistence::org_units::named(conn, &refs)? {
            let id = persistence::util::uuid(&id, "org unit id")?;
            let path = persistence::util::unit_path(&path)?.ids().to_vec();
            above.extend(path.iter().copied().filter(|u| !self.names.contains_key(u)));
            self.names.insert(id, name);
            self.paths.insert(id, path);
        }
        above.retain(|u| !self.names.contains_key(u));
        above.sort_unstable();
        above.dedup();
        let ids: Vec<String> = above.iter().map(Uuid::to_string).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for (id, name, _) in persistence::org_units::named(conn, &refs)? {
            self.names.insert(persistence::util::uuid(&id, "org unit id")?, name);
        }
        Ok(())
    }

    /// The district is left out (every official's is the same) unless it is the unit itself.
    pub fn label(&self, unit: Uuid) -> String {
        let Some(path) = self.paths.get(&unit) else { return String::new() };
        let below_district = if path.len() > 1 { &path[1..] } else { &path[..] };
        below_district.iter().filter_map(|u| self.names.get(u).map(String::as_str)).collect::<Vec<_>>().join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text_in_csv() {
        for text in ["=1+2", "+86 138", "-5", "@SUM(A1)", "\t=1", "\r=1", "＝1"] {
            assert_eq!(Cell::text(text).csv(), format!("'{text}"));
        }
        for text in ["楼道灯坏了", "1+2=3", ""] {
            assert_eq!(Cell::text(text).csv(), text);
        }
    }

    #[test]
    fn money_hours_and_times_read_as_officials_write_them() {
        assert_eq!(Cell::Yuan(123_456).csv(), "1234.56");
        assert_eq!(Cell::Yuan(5).csv(), "0.05");
        assert_eq!(Cell::Hours(150).csv(), "2.50");
        let at = DateTime::parse_from_rfc3339("2026-12-06T23:40:00Z").map(|t| t.with_timezone(&Utc)).ok();
        assert_eq!(Cell::Time(at).csv(), "2026-12-07 07:40:00");
        assert_eq!(Cell::Time(None).csv(), "");
    }

    #[test]
    fn a_sheet_full_to_excels_limit_goes_on_in_the_next() {
        static SHEET: Sheet = Sheet { name: "需求清单", ascii_name: "demands", columns: &[("编号", 10.0)] };
        let mut book = Workbook::new();
        let mut sheets = Sheets::new(&SHEET, 2);
        sheets.add(&mut book).expect("first sheet");
        for n in 0..5 {
            sheets.write(&mut book, &[Cell::Count(n)]).expect("row");
        }
        let names: Vec<String> = book.worksheets().iter().map(|w| w.name()).collect();
        assert_eq!(names, ["需求清单", "需求清单 (2)", "需求清单 (3)"]);
    }

    #[test]
    fn the_file_is_named_in_chinese_with_an_ascii_fallback() {
        static SHEET: Sheet = Sheet { name: "需求清单", ascii_name: "demands", columns: &[] };
        let at = DateTime::parse_from_rfc3339("2026-12-06T23:40:00Z").map(|t| t.with_timezone(&Utc)).expect("time");
        let header = disposition(&SHEET, Format::Csv, at).to_string();
        assert!(header.starts_with("attachment; filename=\"demands-20261207.csv\""), "{header}");
        assert!(header.contains("filename*=UTF-8''%E9%9C%80%E6%B1%82%E6%B8%85%E5%8D%95%2D20261207.csv"), "{header}");
    }
}
