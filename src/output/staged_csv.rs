//! A CSV file written into a staging folder (which is itself swapped in
//! atomically): each step passes the fault-injection points of
//! [`super::fault`], and the file is synced before the folder is.

use super::OutputError;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// A CSV file in the staging folder (which is itself swapped in atomically).
pub(crate) struct Csv {
    writer: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

impl Csv {
    pub(crate) fn create(path: PathBuf, header: &[String]) -> Result<Self, OutputError> {
        super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
        let file = File::create(&path).map_err(|e| OutputError::io(&path, e))?;
        let mut csv = Self {
            writer: csv::Writer::from_writer(BufWriter::new(file)),
            path,
        };
        csv.row(header)?;
        Ok(csv)
    }

    pub(crate) fn row<I, T>(&mut self, fields: I) -> Result<(), OutputError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(fields)
            .map_err(|e| OutputError::csv(&self.path, e))
    }

    pub(crate) fn finish(self) -> Result<(), OutputError> {
        let path = self.path;
        super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
        let buffered = self
            .writer
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        let mut file = buffered
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        file.flush().map_err(|e| OutputError::io(&path, e))?;
        file.sync_all().map_err(|e| OutputError::io(&path, e))
    }
}
