//! Discounting amounts over the measured years to their present value.
//!
//! Why: an economist compares a programme's costs and effects over several
//! years at their value in the first year. The rates are those of the
//! Zorginstituut's *Richtlijn voor het uitvoeren van economische evaluaties
//! in de gezondheidszorg* (2024 edition): 3% a year for costs, 1.5% for
//! effects (the 2016 edition used 4% for costs and 1.5% for effects); to be
//! verified against the guideline's text.
//!
//! Convention: measured year `t` (1-based) is weighted `1 / (1 + r)^(t - 1)`:
//! the first year counts in full, as amounts of the base year do in the
//! guideline's worked examples (discounting from the start of each year);
//! also to be verified against its text.

/// Yearly discount rates for costs (euro amounts) and effects (counts,
/// hours, days).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Discount {
    /// Rate for euro amounts, e.g. 0.03.
    pub costs: f64,
    /// Rate for effects, e.g. 0.015.
    pub effects: f64,
}

impl Discount {
    /// The Richtlijn 2024's rates: 3% for costs, 1.5% for effects.
    pub const GUIDELINE_2024: Discount = Discount {
        costs: 0.03,
        effects: 0.015,
    };

    /// The rate for an amount in `unit`: the cost rate for euros, the
    /// effects rate for everything else.
    pub fn rate_for(&self, unit: &str) -> f64 {
        if unit.starts_with("EUR") {
            self.costs
        } else {
            self.effects
        }
    }
}

/// The weight of measured year `t` (1-based) at yearly rate `rate`.
pub fn weight(t: usize, rate: f64) -> f64 {
    1.0 / (1.0 + rate).powi(t as i32 - 1)
}

/// The sum of `yearly` amounts (measured year 1 first), each discounted at
/// `rate`; the plain sum at rate 0.
pub fn discounted_sum(yearly: &[f64], rate: f64) -> f64 {
    yearly
        .iter()
        .enumerate()
        .map(|(i, x)| x * weight(i + 1, rate))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_computed_example() {
        // 100 a year for 3 years at 3%: 100 + 100/1.03 + 100/1.0609.
        let expected = 100.0 + 97.087_378_640_776_7 + 94.259_590_913_375_4;
        assert!((discounted_sum(&[100.0; 3], 0.03) - expected).abs() < 1e-9);
        assert_eq!(discounted_sum(&[100.0, 200.0, -50.0], 0.0), 250.0);
        assert_eq!(weight(1, 0.03), 1.0);
        assert!((weight(2, 0.015) - 1.0 / 1.015).abs() < 1e-15);
        let d = Discount::GUIDELINE_2024;
        assert_eq!(d.rate_for("EUR/year"), 0.03);
        assert_eq!(d.rate_for("crises/year"), 0.015);
    }
}
