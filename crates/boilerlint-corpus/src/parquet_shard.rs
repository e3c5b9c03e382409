//! Parquet shards: one document per row, in a string column.
//!
//! A shard is read one row group at a time, in batches of rows, so memory does not grow with
//! the file; checking reads only the columns it needs. A fixed shard is written with the
//! source's schema (field order, types, nullability, metadata), each column's compression
//! codec, and one row group per source row group (a large one split, see
//! [`ROW_GROUP_BYTES`]), and every column but the text is written back as it was read.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, LargeStringArray, RecordBatch, StringArray, StringViewArray, StructArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Fields as ArrowFields, Schema, SchemaRef};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};
use parquet::file::properties::{WriterProperties, WriterVersion};

use crate::jsonl::Fields;

/// Rows per batch handed to the workers, at most.
const BATCH_ROWS: usize = 1024;

/// Bytes per batch, about: a batch's rows are held until every one of them is checked (and,
/// fixing, written), so the batches in flight are what reading costs in memory. Rows are
/// counted to this size from the row group's uncompressed size of the columns read, so a shard
/// of long documents (books) is read in batches of a few rows rather than of a thousand.
const BATCH_BYTES: u64 = 256 << 10;

/// The most bytes (encoded) of a row group the writer holds: a longer source row group is
/// written as several. The writer keeps a row group in memory until it ends, so without a cap
/// fixing a shard written as one row group (pyarrow writes up to a million rows a group) holds
/// the whole shard. Fixing the 200 MB benchmark corpus as Parquet (one row group, zstd; see
/// `bench/parquet.sh`) in place on 2 threads peaked at 147 MiB without a cap, 71 MiB with
/// 16 MiB and 64 MiB with 8 MiB, about what checking it takes (60 MiB). Readers do not care
/// where row groups end, and 8 MiB still holds thousands of rows of web text.
pub const ROW_GROUP_BYTES: usize = 8 << 20;

/// A column, found by its name or by a dotted path into nested structs (`meta.url`).
#[derive(Clone, Debug)]
struct Column {
    /// The names from the top-level field down to the column.
    path: Vec<String>,
}

/// An opened shard: its footer read, its columns found.
pub struct Shard {
    file: File,
    metadata: ArrowReaderMetadata,
    text: Column,
    id: Option<Column>,
    url: Option<Column>,
    lang: Option<Column>,
}

/// What the writer needs to write a shard like its source.
pub struct Layout {
    pub schema: SchemaRef,
    pub properties: WriterProperties,
    /// The path of the text column.
    text: Vec<String>,
}

/// One batch of a shard's rows, as the reader hands it on.
pub struct Rows {
    /// The whole batch, for writing (only kept when the shard is rewritten).
    pub batch: Option<RecordBatch>,
    /// Whether it is the last batch of its row group.
    pub ends_row_group: bool,
    /// 0-based number of its first row in the shard.
    pub first_row: u64,
    /// Its row group, for messages.
    pub row_group: usize,
    text: Values,
    id: Option<Values>,
    url: Option<Values>,
    lang: Option<Values>,
}

/// A column's values with the nulls of the structs it is nested in.
struct Values {
    array: ArrayRef,
    parent_nulls: Option<NullBuffer>,
}

impl Values {
    fn is_null(&self, row: usize) -> bool {
        self.parent_nulls.as_ref().is_some_and(|n| n.is_null(row)) || self.array.is_null(row)
    }

    fn str(&self, row: usize) -> Option<&str> {
        if self.is_null(row) {
            return None;
        }
        match self.array.data_type() {
            DataType::Utf8 => Some(self.array.as_string::<i32>().value(row)),
            DataType::LargeUtf8 => Some(self.array.as_string::<i64>().value(row)),
            DataType::Utf8View => Some(self.array.as_string_view().value(row)),
            _ => None,
        }
    }

    /// An id: a string, or an integer written as a number.
    fn id(&self, row: usize) -> Option<(String, String)> {
        if let Some(text) = self.str(row) {
            let json = serde_json::to_string(text).expect("a string serialises");
            return Some((json, text.to_string()));
        }
        if self.is_null(row) {
            return None;
        }
        let a = &self.array;
        let number = match a.data_type() {
            DataType::Int8 => a.as_primitive::<Int8Type>().value(row).to_string(),
            DataType::Int16 => a.as_primitive::<Int16Type>().value(row).to_string(),
            DataType::Int32 => a.as_primitive::<Int32Type>().value(row).to_string(),
            DataType::Int64 => a.as_primitive::<Int64Type>().value(row).to_string(),
            DataType::UInt8 => a.as_primitive::<UInt8Type>().value(row).to_string(),
            DataType::UInt16 => a.as_primitive::<UInt16Type>().value(row).to_string(),
            DataType::UInt32 => a.as_primitive::<UInt32Type>().value(row).to_string(),
            DataType::UInt64 => a.as_primitive::<UInt64Type>().value(row).to_string(),
            _ => return None,
        };
        Some((number.clone(), number))
    }
}

impl Rows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.text.array.len()
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of `row` (0-based in the batch), `None` when null.
    pub fn text(&self, row: usize) -> Option<&str> {
        self.text.str(row)
    }

    /// The id of `row` as JSON and as text.
    pub fn id(&self, row: usize) -> Option<(String, String)> {
        self.id.as_ref()?.id(row)
    }

    /// The URL of `row`.
    pub fn url(&self, row: usize) -> Option<&str> {
        self.url.as_ref()?.str(row)
    }

    /// The declared language of `row`.
    pub fn language(&self, row: usize) -> Option<&str> {
        self.lang.as_ref()?.str(row)
    }
}

impl Shard {
    /// Reads the footer of `path` and finds the columns `fields` name. The text column must
    /// exist and hold strings; the others are used when they exist.
    pub fn open(path: &Path, fields: &Fields) -> Result<Shard, String> {
        let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
        let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
            .map_err(|e| format!("not a Parquet file, or a damaged one ({e})"))?;
        unreadable_codec(metadata.metadata())?;
        let schema = metadata.schema();
        let text = find(schema, &fields.text).ok_or_else(|| {
            format!(
                "no column `{}` (columns: {}); name the text column with --text-field",
                fields.text,
                column_names(schema)
            )
        })?;
        let text_type = type_at(schema, &text).expect("found above");
        if !is_string(Some(text_type)) {
            return Err(format!(
                "column `{}` holds {text_type}, not strings; name the text column with \
                 --text-field",
                fields.text
            ));
        }
        Ok(Shard {
            id: find(schema, &fields.id),
            url: find(schema, &fields.url).filter(|c| is_string(type_at(schema, c))),
            lang: find(schema, &fields.lang).filter(|c| is_string(type_at(schema, c))),
            file,
            metadata,
            text,
        })
    }

    /// The number of row groups.
    pub fn row_groups(&self) -> usize {
        self.metadata.metadata().num_row_groups()
    }

    /// The schema, codecs and text column to write a fixed copy with.
    pub fn layout(&self) -> Layout {
        let parquet = self.metadata.metadata();
        let file = parquet.file_metadata();
        let mut properties = WriterProperties::builder()
            // Row groups are closed where the source's end, and when they reach the cap.
            .set_max_row_group_row_count(None)
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_writer_version(if file.version() >= 2 {
                WriterVersion::PARQUET_2_0
            } else {
                WriterVersion::PARQUET_1_0
            });
        if let Some(group) = parquet.row_groups().first() {
            for column in group.columns() {
                properties = properties
                    .set_column_compression(column.column_path().clone(), column.compression());
            }
        }
        // The file's own key-value metadata, but the arrow schema: the writer adds its own.
        let kv: Vec<_> = file
            .key_value_metadata()
            .into_iter()
            .flatten()
            .filter(|kv| kv.key != "ARROW:schema")
            .cloned()
            .collect();
        if !kv.is_empty() {
            properties = properties.set_key_value_metadata(Some(kv));
        }
        Layout {
            schema: Arc::clone(self.metadata.schema()),
            properties: properties.build(),
            text: self.text.path.clone(),
        }
    }

    /// Reads row group `group` in batches; `whole` reads every column (to write them back),
    /// else only the columns the check needs. `first_row` is the row group's first row.
    pub fn read_row_group(
        &self,
        group: usize,
        whole: bool,
        first_row: u64,
    ) -> Result<impl Iterator<Item = Result<Rows, String>> + '_, String> {
        let file = self.file.try_clone().map_err(|e| e.to_string())?;
        // The top-level fields read: all of them to write them back, else those the check needs.
        let roots: Vec<usize> = if whole {
            (0..self.metadata.schema().fields().len()).collect()
        } else {
            [
                Some(&self.text),
                self.id.as_ref(),
                self.url.as_ref(),
                self.lang.as_ref(),
            ]
            .into_iter()
            .flatten()
            .filter_map(|c| self.metadata.schema().index_of(&c.path[0]).ok())
            .collect()
        };
        let mut builder =
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![group])
                .with_batch_size(self.batch_rows(group, &roots));
        if !whole {
            let mask = ProjectionMask::roots(self.metadata.parquet_schema(), roots);
            builder = builder.with_projection(mask);
        }
        let reader = builder
            .build()
            .map_err(|e| format!("row group {group}: {e}"))?;
        let rows_in_group = self.metadata.metadata().row_group(group).num_rows() as u64;
        let mut next_row = first_row;
        Ok(reader.map(move |batch| {
            let batch =
                batch.map_err(|e| format!("row group {group}, near row {}: {e}", next_row + 1))?;
            let rows = self.rows(batch, whole, next_row, group, first_row + rows_in_group)?;
            next_row += rows.len() as u64;
            Ok(rows)
        }))
    }

    /// Rows per batch in row group `group` when the top-level fields `roots` are read: about
    /// [`BATCH_BYTES`] of their uncompressed values, at most [`BATCH_ROWS`].
    fn batch_rows(&self, group: usize, roots: &[usize]) -> usize {
        let parquet = self.metadata.metadata();
        let meta = parquet.row_group(group);
        let schema = parquet.file_metadata().schema_descr();
        let bytes: i64 = (0..schema.num_columns())
            .filter(|&leaf| roots.contains(&schema.get_column_root_idx(leaf)))
            .map(|leaf| meta.column(leaf).uncompressed_size())
            .sum();
        let rows = meta.num_rows().max(1) as u64;
        let per_row = (bytes.max(0) as u64 / rows).max(1);
        (BATCH_BYTES / per_row).clamp(1, BATCH_ROWS as u64) as usize
    }

    /// The number of rows of row group `group`.
    pub fn rows_in(&self, group: usize) -> u64 {
        self.metadata.metadata().row_group(group).num_rows() as u64
    }

    fn rows(
        &self,
        batch: RecordBatch,
        whole: bool,
        first_row: u64,
        group: usize,
        group_end: u64,
    ) -> Result<Rows, String> {
        let values = |c: &Column| {
            values_at(&batch, &c.path).ok_or_else(|| {
                format!(
                    "row group {group}: column `{}` is missing",
                    c.path.join(".")
                )
            })
        };
        let text = values(&self.text)?;
        let id = self.id.as_ref().map(values).transpose()?;
        let url = self.url.as_ref().map(values).transpose()?;
        let lang = self.lang.as_ref().map(values).transpose()?;
        let len = batch.num_rows() as u64;
        Ok(Rows {
            batch: whole.then_some(batch),
            ends_row_group: first_row + len >= group_end,
            first_row,
            row_group: group,
            text,
            id,
            url,
            lang,
        })
    }
}

/// The uncompressed size of the values of `path`'s row groups, from its footer (for progress:
/// it reads nothing else); `None` when it has none to read.
pub fn uncompressed_size(path: &Path) -> Option<u64> {
    let file = File::open(path).ok()?;
    let metadata = ParquetMetaDataReader::new().parse_and_finish(&file).ok()?;
    let bytes: i64 = metadata
        .row_groups()
        .iter()
        .map(|g| g.total_byte_size())
        .sum();
    u64::try_from(bytes).ok()
}

/// `batch` with the text column's values replaced where `texts` has one (`None`: kept).
pub fn replace_text(
    batch: &RecordBatch,
    layout: &Layout,
    texts: &[Option<String>],
) -> Result<RecordBatch, String> {
    let index = batch
        .schema()
        .index_of(&layout.text[0])
        .map_err(|e| e.to_string())?;
    let mut columns = batch.columns().to_vec();
    columns[index] = replace_in(&columns[index], &layout.text[1..], texts)?;
    RecordBatch::try_new(batch.schema(), columns).map_err(|e| e.to_string())
}

fn replace_in(
    array: &ArrayRef,
    path: &[String],
    texts: &[Option<String>],
) -> Result<ArrayRef, String> {
    let Some((name, rest)) = path.split_first() else {
        return replace_strings(array, texts);
    };
    let parent = array.as_struct();
    let (fields, mut children, nulls) = parent.clone().into_parts();
    let index = fields
        .iter()
        .position(|f| f.name() == name)
        .ok_or_else(|| format!("no field `{name}`"))?;
    children[index] = replace_in(&children[index], rest, texts)?;
    let replaced = StructArray::try_new(fields, children, nulls).map_err(|e| e.to_string())?;
    Ok(Arc::new(replaced))
}

fn replace_strings(array: &ArrayRef, texts: &[Option<String>]) -> Result<ArrayRef, String> {
    let pick = |row: usize, original: Option<&str>| -> Option<String> {
        match &texts[row] {
            Some(text) => Some(text.clone()),
            None => original.map(str::to_string),
        }
    };
    let len = array.len();
    Ok(match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            Arc::new(
                (0..len)
                    .map(|r| pick(r, a.is_valid(r).then(|| a.value(r))))
                    .collect::<StringArray>(),
            )
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            Arc::new(
                (0..len)
                    .map(|r| pick(r, a.is_valid(r).then(|| a.value(r))))
                    .collect::<LargeStringArray>(),
            )
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            Arc::new(
                (0..len)
                    .map(|r| pick(r, a.is_valid(r).then(|| a.value(r))))
                    .collect::<StringViewArray>(),
            )
        }
        other => return Err(format!("the text column holds {other}, not strings")),
    })
}

/// A writer of a shard like its source, into `out`.
pub fn writer<W: Write + Send>(out: W, layout: &Layout) -> Result<ArrowWriter<W>, String> {
    ArrowWriter::try_new(
        out,
        Arc::clone(&layout.schema),
        Some(layout.properties.clone()),
    )
    .map_err(|e| e.to_string())
}

/// An error naming the first column compressed with a codec this build does not read: the
/// Parquet reader would only fail on it in the middle of the shard, with a terse message.
fn unreadable_codec(metadata: &ParquetMetaData) -> Result<(), String> {
    let column = metadata
        .row_groups()
        .iter()
        .flat_map(|g| g.columns())
        .find(|c| {
            !matches!(
                c.compression(),
                Compression::UNCOMPRESSED
                    | Compression::SNAPPY
                    | Compression::GZIP(_)
                    | Compression::ZSTD(_)
            )
        });
    match column {
        None => Ok(()),
        Some(column) => Err(format!(
            "column `{}` is compressed with {}, a codec boilerlint does not read (it reads \
             snappy, gzip, zstd and uncompressed shards); write the shard again with one of \
             those, e.g. pyarrow's `pq.write_table(table, path, compression=\"zstd\")`",
            column.column_path().string(),
            codec_name(column.compression()),
        )),
    }
}

/// A codec's name without its level (`ZSTD(ZstdLevel(1))` is `ZSTD`).
fn codec_name(codec: Compression) -> String {
    let name = codec.to_string();
    match name.split_once('(') {
        Some((name, _)) => name.to_string(),
        None => name,
    }
}

fn is_string(data_type: Option<&DataType>) -> bool {
    matches!(
        data_type,
        Some(DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
    )
}

/// The column `name` names: a top-level field of that name, else a dotted path into structs.
fn find(schema: &Schema, name: &str) -> Option<Column> {
    if schema.field_with_name(name).is_ok() {
        return Some(Column {
            path: vec![name.to_string()],
        });
    }
    let path: Vec<String> = name.split('.').map(str::to_string).collect();
    type_at(schema, &Column { path: path.clone() })?;
    Some(Column { path })
}

/// The type of the column at `column`'s path.
fn type_at<'s>(schema: &'s Schema, column: &Column) -> Option<&'s DataType> {
    let (first, rest) = column.path.split_first()?;
    let mut data_type = schema.field_with_name(first).ok()?.data_type();
    for name in rest {
        let DataType::Struct(fields) = data_type else {
            return None;
        };
        data_type = field_named(fields, name)?;
    }
    Some(data_type)
}

fn field_named<'f>(fields: &'f ArrowFields, name: &str) -> Option<&'f DataType> {
    fields
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.data_type())
}

fn column_names(schema: &Schema) -> String {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    names.join(", ")
}

/// The values at `path` in `batch`, with the nulls of the structs above them.
fn values_at(batch: &RecordBatch, path: &[String]) -> Option<Values> {
    let (first, rest) = path.split_first()?;
    let mut array = Arc::clone(batch.column_by_name(first)?);
    let mut parent_nulls: Option<NullBuffer> = None;
    for name in rest {
        let parent = array.as_struct_opt()?;
        parent_nulls = NullBuffer::union(parent_nulls.as_ref(), parent.nulls());
        array = Arc::clone(parent.column_by_name(name)?);
    }
    Some(Values {
        array,
        parent_nulls,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_schema::Field;

    /// A shard of `rows` rows whose text is `len` bytes or so each, in one row group, zstd.
    fn shard(rows: usize, len: usize) -> tempfile::NamedTempFile {
        let schema = Arc::new(Schema::new(vec![Field::new("text", DataType::Utf8, true)]));
        let texts: StringArray = (0..rows)
            .map(|i| Some(format!("{i}{}", "x".repeat(len))))
            .collect();
        let batch = RecordBatch::try_new(Arc::clone(&schema), vec![Arc::new(texts)]).unwrap();
        let file = tempfile::Builder::new()
            .suffix(".parquet")
            .tempfile()
            .unwrap();
        let zstd = WriterProperties::builder()
            .set_compression(Compression::ZSTD(Default::default()))
            .build();
        let mut writer = ArrowWriter::try_new(file.reopen().unwrap(), schema, Some(zstd)).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        file
    }

    fn fields() -> Fields {
        Fields {
            text: "text".into(),
            id: "id".into(),
            url: "url".into(),
            lang: "language".into(),
        }
    }

    /// Batches are cut by bytes: long documents come a few at a time, short ones by the
    /// thousand, and every row is read once whatever the size.
    #[test]
    fn batches_hold_about_a_fixed_number_of_bytes() {
        for (rows, len, most) in [(40, 100_000, 2), (3000, 100, BATCH_ROWS)] {
            let file = shard(rows, len);
            let shard = Shard::open(file.path(), &fields()).unwrap();
            let sizes: Vec<usize> = shard
                .read_row_group(0, false, 0)
                .unwrap()
                .map(|rows| rows.unwrap().len())
                .collect();
            assert_eq!(sizes.iter().sum::<usize>(), rows);
            assert_eq!(
                sizes.iter().max(),
                Some(&most),
                "{len}-byte texts: {sizes:?}"
            );
        }
    }

    /// Progress counts the text read, so a shard's total for it is the size of its values,
    /// not of the compressed file.
    #[test]
    fn progress_counts_a_shard_by_its_uncompressed_values() {
        let file = shard(3000, 100);
        let on_disk = std::fs::metadata(file.path()).unwrap().len();
        let total = crate::input::Input::file(file.path().to_path_buf()).size();
        let text: u64 = 3000 * 100;
        assert!(on_disk < text / 10, "{on_disk}");
        assert!((text..text * 2).contains(&total), "{total}");
    }
}
