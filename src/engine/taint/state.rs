//! The abstract state of the taint walk: which variables and field paths hold tainted
//! data (and from where), and which hold known constants. Joins are unions.

use rustc_hash::FxHashMap as HashMap;

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
    /// Per container variable, what was stored under constant keys or indexes
    /// (`m["k"] = v`, `m.put("k", v)`): a read under the same key sees only that entry and
    /// what the container holds as a whole; any other use of the container sees them all.
    keyed: HashMap<String, HashMap<String, Taint>>,
    constants: HashMap<String, Constant>,
    /// This path has returned or thrown: it joins nothing after it.
    pub terminated: bool,
}

impl State {
    /// The taint of a variable as a whole, with everything stored in it under keys.
    pub fn get(&self, name: &str) -> Taint {
        let mut taint = self.variables.get(name).cloned().unwrap_or_default();
        if let Some(entries) = self.keyed.get(name) {
            for entry in entries.values() {
                taint.extend(entry);
            }
        }
        taint
    }

    /// The taint of what a container variable holds under a constant `key`: the entry
    /// stored there, and what the container holds as a whole (from writes under keys that
    /// are not constant, or from where the container came from).
    pub fn get_keyed(&self, name: &str, key: &str) -> Taint {
        let mut taint = self.variables.get(name).cloned().unwrap_or_default();
        if let Some(entry) = self.keyed.get(name).and_then(|entries| entries.get(key)) {
            taint.extend(entry);
        }
        taint
    }

    /// Whether anything is stored under a constant key of the variable.
    pub fn has_keyed(&self, name: &str) -> bool {
        self.keyed.contains_key(name)
    }

    /// Stores `taint` under a constant `key` of a container variable (a strong update of
    /// that entry).
    pub fn set_keyed(&mut self, name: &str, key: &str, taint: Taint) {
        let entries = self.keyed.entry(name.to_owned()).or_default();
        if taint.is_tainted() {
            entries.insert(key.to_owned(), taint);
        } else {
            entries.remove(key);
        }
        if entries.is_empty() {
            self.keyed.remove(name);
        }
    }

    /// Adds `taint` to a variable as a whole, keeping its keyed entries (a weak update).
    pub fn add(&mut self, name: &str, taint: &Taint) {
        if taint.is_tainted() {
            self.variables
                .entry(name.to_owned())
                .or_default()
                .extend(taint);
        }
    }

    pub fn set(&mut self, name: &str, taint: Taint) {
        // Rebinding a variable forgets what was known of its fields and keys.
        if !self.paths.is_empty() {
            let prefix = format!("{name}.");
            self.paths.retain(|path, _| !path.starts_with(&prefix));
        }
        self.keyed.remove(name);
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
        let mut keyed = left.keyed;
        for (name, entries) in right.keyed {
            let known = keyed.entry(name).or_default();
            for (key, taint) in entries {
                known.entry(key).or_default().extend(&taint);
            }
        }
        let constants = left
            .constants
            .into_iter()
            .filter(|(name, value)| right.constants.get(name) == Some(value))
            .collect();
        State {
            variables,
            paths,
            keyed,
            constants,
            terminated,
        }
    }
}
