//! Children by field name, with the grammar's field ids looked up once per thread.
//!
//! tree-sitter's `child_by_field_name` finds the field id by comparing the name with every
//! field name of the grammar, on every call; taint analysis asks for fields at almost every
//! step, and that comparison was a tenth of its time. The names are hashed with FxHash: they
//! are a few bytes long, and SipHash was still a twentieth of the analysis.

use std::cell::RefCell;
use std::num::NonZeroU16;

use rustc_hash::FxHashMap as HashMap;
use tree_sitter::{Language, Node, TreeCursor};

thread_local! {
    /// Per grammar seen on this thread: its field ids by name.
    static FIELDS: RefCell<Vec<(Language, HashMap<String, NonZeroU16>)>> =
        const { RefCell::new(Vec::new()) };
}

/// The id of field `name` in the grammar of `node`.
fn field_id(node: Node<'_>, name: &str) -> Option<NonZeroU16> {
    let language = node.language();
    FIELDS.with_borrow_mut(|grammars| {
        let at = match grammars.iter().position(|(known, _)| known == &*language) {
            Some(at) => at,
            None => {
                let ids = (1..=language.field_count() as u16)
                    .filter_map(|id| {
                        Some((
                            language.field_name_for_id(id)?.to_owned(),
                            NonZeroU16::new(id)?,
                        ))
                    })
                    .collect();
                grammars.push(((*language).clone(), ids));
                grammars.len() - 1
            }
        };
        grammars[at].1.get(name).copied()
    })
}

/// `child_by_field_name` and `children_by_field_name`, through the cached ids.
pub trait Fields<'tree> {
    fn field(&self, name: &str) -> Option<Node<'tree>>;
    /// Every child in field `name`, in order.
    fn fields(&self, name: &str, cursor: &mut TreeCursor<'tree>) -> Vec<Node<'tree>>;
}

impl<'tree> Fields<'tree> for Node<'tree> {
    fn field(&self, name: &str) -> Option<Node<'tree>> {
        self.child_by_field_id(field_id(*self, name)?.get())
    }

    fn fields(&self, name: &str, cursor: &mut TreeCursor<'tree>) -> Vec<Node<'tree>> {
        match field_id(*self, name) {
            Some(id) => self.children_by_field_id(id, cursor).collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_those_tree_sitter_finds_by_name() {
        let text = "def f(a, b):\n    return g(a)[0] + b\n";
        for language in [crate::lang::Language::Python, crate::lang::Language::Go] {
            let tree = crate::engine::parse(language, text, None).expect("parses");
            let mut cursor = tree.walk();
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                for name in ["name", "body", "function", "arguments", "left", "nonsense"] {
                    assert_eq!(node.field(name), node.child_by_field_name(name));
                    let mut other = tree.walk();
                    let ours = node.fields(name, &mut cursor);
                    let theirs: Vec<_> = node.children_by_field_name(name, &mut other).collect();
                    assert_eq!(ours, theirs);
                }
                let mut walk = node.walk();
                stack.extend(node.children(&mut walk));
            }
        }
    }
}
