//! The Nelder–Mead downhill simplex method (Nelder and Mead, 1965), as
//! described by Lagarias, Reeds, Wright and Wright (1998, SIAM J. Optim.
//! 9(1)) with the standard coefficients: reflection 1, expansion 2,
//! contraction 1/2, shrink 1/2.
//!
//! Additions for expensive, bounded objectives such as a simulation:
//! - an evaluation budget (the objective is called at most
//!   `max_evaluations` times; the best point seen is returned);
//! - optional box bounds: every trial point is clamped into the box;
//! - restarts: when the simplex has converged and budget is left, a fresh
//!   simplex is built around the best point, as long as the previous round
//!   improved the best value by more than `f_tolerance` (a simplex that has
//!   collapsed onto a bound or a ridge gets a second chance).
//!
//! Convergence (as in MATLAB's `fminsearch`): every vertex within
//! `x_tolerance` (max norm) of the best vertex, and every vertex's value
//! within `f_tolerance` of the best value. A NaN value counts as +infinity.
//!
//! A generic minimiser of a function on `f64` vectors: it knows nothing of
//! simulations, scenarios or calibration configs.

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The simplex shrank below both tolerances (after any restarts).
    Converged,
    /// The evaluation budget is spent.
    MaxEvaluations,
}

impl Stop {
    /// A word for tables and files: `converged` or `max_evaluations`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stop::Converged => "converged",
            Stop::MaxEvaluations => "max_evaluations",
        }
    }
}

/// Settings of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct NelderMead {
    /// At most this many calls of the objective (at least 1).
    pub max_evaluations: usize,
    /// Simplex size (max norm, from the best vertex) for convergence.
    pub x_tolerance: f64,
    /// Spread of the vertex values for convergence; also the least
    /// improvement for which a converged search is restarted.
    pub f_tolerance: f64,
    /// Restarts after convergence, at most.
    pub max_restarts: usize,
    /// Lower bounds per coordinate, or none.
    pub lower: Option<Vec<f64>>,
    /// Upper bounds per coordinate, or none.
    pub upper: Option<Vec<f64>>,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best point evaluated.
    pub x: Vec<f64>,
    /// Its value.
    pub f: f64,
    /// Calls of the objective.
    pub evaluations: usize,
    /// Simplex iterations (reflection steps), over all rounds.
    pub iterations: usize,
    /// Restarts done.
    pub restarts: usize,
    /// Why it stopped.
    pub stop: Stop,
}

impl NelderMead {
    /// A search with a budget of `max_evaluations`, tolerances 1e-8, no
    /// restarts and no bounds.
    pub fn new(max_evaluations: usize) -> Self {
        Self {
            max_evaluations,
            x_tolerance: 1e-8,
            f_tolerance: 1e-8,
            max_restarts: 0,
            lower: None,
            upper: None,
        }
    }

    /// Minimise `f` from `x0`. The initial simplex is `x0` and, for each
    /// coordinate `i`, `x0` moved by `steps[i]` along it (by `-steps[i]`
    /// when a bound is in the way). `f` may fail; the first error ends the
    /// search and is returned.
    ///
    /// # Panics
    ///
    /// If `x0`, `steps` or the bounds differ in length, or `x0` is empty.
    pub fn minimize<E, F>(&self, mut f: F, x0: &[f64], steps: &[f64]) -> Result<Minimum, E>
    where
        F: FnMut(&[f64]) -> Result<f64, E>,
    {
        let n = x0.len();
        assert!(n > 0, "Nelder-Mead needs at least one coordinate");
        assert_eq!(steps.len(), n, "one initial step per coordinate");
        for b in [&self.lower, &self.upper].into_iter().flatten() {
            assert_eq!(b.len(), n, "one bound per coordinate");
        }
        let mut search = Search {
            options: self,
            f: &mut f,
            evaluations: 0,
            iterations: 0,
            best: (self.clamp(x0.to_vec()), f64::INFINITY),
        };
        let mut start = (search.best.0.clone(), None);
        let mut restarts = 0;
        let stop = loop {
            let before = search.best.1;
            if search.round(start.0, start.1, steps)? == Stop::MaxEvaluations {
                break Stop::MaxEvaluations;
            }
            let improved = before.is_infinite() || before - search.best.1 > self.f_tolerance;
            if restarts >= self.max_restarts || !improved {
                break Stop::Converged;
            }
            restarts += 1;
            start = (search.best.0.clone(), Some(search.best.1));
        };
        Ok(Minimum {
            x: search.best.0,
            f: search.best.1,
            evaluations: search.evaluations,
            iterations: search.iterations,
            restarts,
            stop,
        })
    }

    fn clamp(&self, mut x: Vec<f64>) -> Vec<f64> {
        if let Some(lower) = &self.lower {
            for (v, l) in x.iter_mut().zip(lower) {
                *v = v.max(*l);
            }
        }
        if let Some(upper) = &self.upper {
            for (v, u) in x.iter_mut().zip(upper) {
                *v = v.min(*u);
            }
        }
        x
    }
}

/// One search in progress: the budget and the best point so far.
struct Search<'a, F> {
    options: &'a NelderMead,
    f: &'a mut F,
    evaluations: usize,
    iterations: usize,
    best: (Vec<f64>, f64),
}

/// A vertex: point and value.
type Vertex = (Vec<f64>, f64);

impl<F> Search<'_, F> {
    /// The value at `x`, or `None` when the budget is spent.
    fn eval<E>(&mut self, x: &[f64]) -> Result<Option<f64>, E>
    where
        F: FnMut(&[f64]) -> Result<f64, E>,
    {
        if self.evaluations >= self.options.max_evaluations {
            return Ok(None);
        }
        self.evaluations += 1;
        let v = (self.f)(x)?;
        let v = if v.is_nan() { f64::INFINITY } else { v };
        if v < self.best.1 {
            self.best = (x.to_vec(), v);
        }
        Ok(Some(v))
    }

    /// One round from `x0` (whose value is `f0` if already known) until
    /// convergence or the end of the budget.
    fn round<E>(&mut self, x0: Vec<f64>, f0: Option<f64>, steps: &[f64]) -> Result<Stop, E>
    where
        F: FnMut(&[f64]) -> Result<f64, E>,
    {
        macro_rules! eval_or_stop {
            ($x:expr) => {
                match self.eval($x)? {
                    Some(v) => v,
                    None => return Ok(Stop::MaxEvaluations),
                }
            };
        }
        let n = x0.len();
        let f0 = match f0 {
            Some(v) => v,
            None => eval_or_stop!(&x0),
        };
        let mut simplex: Vec<Vertex> = vec![(x0.clone(), f0)];
        for i in 0..n {
            let mut x = x0.clone();
            x[i] += steps[i];
            let mut x = self.options.clamp(x);
            if x[i] == x0[i] {
                x[i] = x0[i] - steps[i];
                x = self.options.clamp(x);
            }
            let v = eval_or_stop!(&x);
            simplex.push((x, v));
        }

        loop {
            simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
            if self.converged(&simplex) {
                return Ok(Stop::Converged);
            }
            self.iterations += 1;
            let worst = simplex[n].clone();
            let centroid: Vec<f64> = (0..n)
                .map(|j| simplex[..n].iter().map(|v| v.0[j]).sum::<f64>() / n as f64)
                .collect();
            // Point at `centroid + t (centroid - worst)`, clamped.
            let along = |t: f64| -> Vec<f64> {
                self.options.clamp(
                    centroid
                        .iter()
                        .zip(&worst.0)
                        .map(|(c, w)| c + t * (c - w))
                        .collect(),
                )
            };

            let xr = along(1.0);
            let fr = eval_or_stop!(&xr);
            if fr < simplex[0].1 {
                let xe = along(2.0);
                let fe = eval_or_stop!(&xe);
                simplex[n] = if fe < fr { (xe, fe) } else { (xr, fr) };
                continue;
            }
            if fr < simplex[n - 1].1 {
                simplex[n] = (xr, fr);
                continue;
            }
            // Contraction: outside when the reflection beat the worst
            // point, inside otherwise.
            let accepted = if fr < worst.1 {
                let xc = along(0.5);
                let fc = eval_or_stop!(&xc);
                (fc <= fr).then_some((xc, fc))
            } else {
                let xc = along(-0.5);
                let fc = eval_or_stop!(&xc);
                (fc < worst.1).then_some((xc, fc))
            };
            if let Some(vertex) = accepted {
                simplex[n] = vertex;
                continue;
            }
            // Shrink towards the best vertex.
            let best = simplex[0].0.clone();
            for vertex in simplex.iter_mut().skip(1) {
                let x: Vec<f64> = best
                    .iter()
                    .zip(&vertex.0)
                    .map(|(b, v)| b + 0.5 * (v - b))
                    .collect();
                let v = eval_or_stop!(&x);
                *vertex = (x, v);
            }
        }
    }

    fn converged(&self, simplex: &[Vertex]) -> bool {
        let (best, f_best) = &simplex[0];
        simplex[1..].iter().all(|(x, f)| {
            (f - f_best).abs() <= self.options.f_tolerance
                && x.iter()
                    .zip(best)
                    .all(|(a, b)| (a - b).abs() <= self.options.x_tolerance)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn rosenbrock(x: &[f64]) -> Result<f64, Infallible> {
        Ok(100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2))
    }

    #[test]
    fn finds_the_rosenbrock_minimum_from_the_classic_start() {
        let mut nm = NelderMead::new(2000);
        nm.x_tolerance = 1e-10;
        nm.f_tolerance = 1e-14;
        let m = nm.minimize(rosenbrock, &[-1.2, 1.0], &[0.1, 0.1]).unwrap();
        assert_eq!(m.stop, Stop::Converged);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{m:?}"
        );
        assert!(m.f < 1e-12);
        // Textbook implementations need a few hundred evaluations here.
        assert!(m.evaluations < 600, "{}", m.evaluations);
    }

    #[test]
    fn keeps_to_the_budget_and_returns_the_best_point_seen() {
        let mut calls = 0;
        let m = NelderMead::new(25)
            .minimize(
                |x: &[f64]| {
                    calls += 1;
                    rosenbrock(x)
                },
                &[-1.2, 1.0],
                &[0.1, 0.1],
            )
            .unwrap();
        assert_eq!(calls, 25);
        assert_eq!(m.evaluations, 25);
        assert_eq!(m.stop, Stop::MaxEvaluations);
        assert_eq!(m.f, rosenbrock(&m.x).unwrap());
        assert!(m.f < 24.2, "better than the start point");
    }

    #[test]
    fn bounds_hold_and_the_minimum_on_the_boundary_is_found() {
        let mut nm = NelderMead::new(500);
        nm.lower = Some(vec![0.0, 0.0]);
        nm.upper = Some(vec![1.0, 1.0]);
        nm.x_tolerance = 1e-9;
        nm.f_tolerance = 1e-12;
        nm.max_restarts = 3;
        // Unconstrained minimum at (2, -1): the box minimum is (1, 0).
        let m = nm
            .minimize(
                |x: &[f64]| {
                    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)), "{x:?}");
                    Ok::<_, Infallible>((x[0] - 2.0).powi(2) + (x[1] + 1.0).powi(2))
                },
                &[0.9, 0.5],
                &[0.2, 0.2],
            )
            .unwrap();
        assert!((m.x[0] - 1.0).abs() < 1e-6 && m.x[1].abs() < 1e-6, "{m:?}");
    }

    #[test]
    fn an_error_ends_the_search() {
        let r = NelderMead::new(100).minimize(
            |x: &[f64]| {
                if x[0] > 0.5 {
                    Err("too far")
                } else {
                    Ok(-x[0])
                }
            },
            &[0.0],
            &[0.2],
        );
        assert_eq!(r, Err("too far"));
    }
}
