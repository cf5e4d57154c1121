//! The validation table (`buurtsim validate`) as text for the terminal and
//! as CSV for the record.

use super::format::{aligned_table, csv_f64, short_number as short};
use super::names::printable;
use crate::validation::{Role, TargetCheck};

/// An aligned text table: one row per target.
pub fn validation_table(checks: &[TargetCheck]) -> String {
    let header = [
        "target",
        "role",
        "published",
        "tolerance",
        "model mean",
        "95% CI",
        "within",
    ];
    let rows: Vec<Vec<String>> = checks
        .iter()
        .map(|c| {
            vec![
                printable(&c.target.id).into_owned(),
                c.target.role.to_string(),
                short(c.target.target),
                format!("±{}", short(c.target.tolerance)),
                short(c.model.mean),
                format!("[{}, {}]", short(c.model.low), short(c.model.high)),
                if c.within {
                    "yes".to_string()
                } else {
                    "NO".to_string()
                },
            ]
        })
        .collect();
    let mut out = aligned_table(&header, &rows);
    out.push('\n');
    out.push_str(&closing_line(checks));
    out
}

/// "33 of 33 targets within tolerance (20 of 20 fit, 13 of 13 check; ...)":
/// the fitted and the held-out targets counted apart, because only the
/// held-out ones are evidence that the model is right rather than tuned.
fn closing_line(checks: &[TargetCheck]) -> String {
    let count = |role: Role, within: bool| {
        checks
            .iter()
            .filter(|c| c.target.role == role && (c.within || !within))
            .count()
    };
    let n = checks.first().map_or(0, |c| c.model.n);
    format!(
        "{} of {} targets within tolerance ({} of {} fit, {} of {} check; model mean over {n} \
         replications, 95% CI Student t).\n",
        checks.iter().filter(|c| c.within).count(),
        checks.len(),
        count(Role::Fit, true),
        count(Role::Fit, false),
        count(Role::Check, true),
        count(Role::Check, false),
    )
}

/// The table as CSV: one row per target, with its source.
pub fn validation_csv(checks: &[TargetCheck]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "metric",
        "role",
        "unit",
        "target",
        "tolerance",
        "model_mean",
        "ci_low",
        "ci_high",
        "n",
        "deviation",
        "within",
        "source",
    ])?;
    for c in checks {
        w.write_record([
            c.target.id.as_str(),
            c.target.metric.as_str(),
            c.target.role.as_str(),
            c.target.unit.as_str(),
            &csv_f64(c.target.target),
            &csv_f64(c.target.tolerance),
            &csv_f64(c.model.mean),
            &csv_f64(c.model.low),
            &csv_f64(c.model.high),
            &c.model.n.to_string(),
            &csv_f64(c.deviation()),
            if c.within { "true" } else { "false" },
            c.target.source.as_str(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_numbers() {
        assert_eq!(short(0.005), "0.005");
        assert_eq!(short(0.19640179), "0.1964");
        assert_eq!(short(2148.4), "2148");
        assert_eq!(short(12.5), "12.5");
        assert_eq!(short(200.0), "200");
    }
}
