//! The abstract state of the taint walk: which variables and field paths hold tainted
//! data (and from where), and which hold known constants. Joins are unions.

use std::collections::HashMap;

/// Where tainted data came from: a source node's byte range, or (inside a function being
/// summarised) one of its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    Source((usize, usize)),
    Parameter(usize),
}

/// A set of origins; empty means clean. Kept small: a few origins say enough.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taint(Vec<Origin>);

const MAX_ORIGINS: usize = 8;

impl Taint {
    pub fn from_origin(origin: Origin) -> Taint {
        Taint(vec![origin])
    }

    pub fn is_tainted(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn origins(&self) -> &[Origin] {
        &self.0
    }

    pub fn push(&mut self, origin: Origin) {
        if self.0.len() < MAX_ORIGINS && !self.0.contains(&origin) {
            self.0.push(origin);
            self.0.sort();
        }
    }

    pub fn extend(&mut self, other: &Taint) {
        for origin in &other.0 {
            self.push(*origin);
        }
    }
}

/// A value known at analysis time, for folding conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constant {
    Bool(bool),
    Text(String),
}

/// Variables and field paths at one program point.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    variables: HashMap<String, Taint>,
    paths: HashMap<String, Taint>,
    constants: HashMap<String, Constant>,
    /// This path has returned or thrown: it joins nothing after it.
    pub terminated: bool,
}

impl State {
    pub fn get(&self, name: &str) -> Taint {
        self.variables.get(name).cloned().unwrap_or_default()
    }

    pub fn set(&mut self, name: &str, taint: Taint) {
        // Rebinding a variable forgets what was known of its fields.
        let prefix = format!("{name}.");
        self.paths.retain(|path, _| !path.starts_with(&prefix));
        if taint.is_tainted() {
            self.variables.insert(name.to_owned(), taint);
        } else {
            self.variables.remove(name);
        }
    }

    pub fn get_path(&self, path: &str) -> Option<Taint> {
        self.paths.get(path).cloned()
    }

    pub fn set_path(&mut self, path: String, taint: Taint) {
        self.paths.insert(path, taint);
    }

    pub fn constant(&self, name: &str) -> Option<Constant> {
        self.constants.get(name).cloned()
    }

    pub fn set_constant(&mut self, name: &str, constant: Option<Constant>) {
        match constant {
            Some(constant) => {
                self.constants.insert(name.to_owned(), constant);
            }
            None => {
                self.constants.remove(name);
            }
        }
    }

    /// The state after two paths meet: union of taints, constants both agree on. A
    /// terminated path contributes nothing.
    pub fn join(left: State, right: State) -> State {
        match (left.terminated, right.terminated) {
            (true, false) => return right,
            (false, true) => return left,
            _ => {}
        }
        let terminated = left.terminated && right.terminated;
        let mut variables = left.variables;
        for (name, taint) in right.variables {
            variables.entry(name).or_default().extend(&taint);
        }
        let mut paths = left.paths;
        for (path, taint) in right.paths {
            paths.entry(path).or_default().extend(&taint);
        }
        let constants = left
            .constants
            .into_iter()
            .filter(|(name, value)| right.constants.get(name) == Some(value))
            .collect();
        State {
            variables,
            paths,
            constants,
            terminated,
        }
    }
}
