package io.leadwire.mapping.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tree shape of a nested payload, compiled once from the target paths of a mapping. Each
 * leaf and attribute refers to a field rule by its position, so rendering only walks the tree.
 */
final class Layout {

    /** A node: an object/element with children, an array of nodes, or a leaf value. */
    static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        final Map<String, Integer> attributes = new LinkedHashMap<>();
        final List<Node> items = new ArrayList<>();
        boolean array;
        int leaf = -1;

        boolean hasValue(String[] values) {
            if (leaf >= 0 && values[leaf] != null) {
                return true;
            }
            for (Integer attribute : attributes.values()) {
                if (values[attribute] != null) {
                    return true;
                }
            }
            for (Node child : children.values()) {
                if (child.hasValue(values)) {
                    return true;
                }
            }
            for (Node item : items) {
                if (item != null && item.hasValue(values)) {
                    return true;
                }
            }
            return false;
        }
    }

    private Layout() {
    }

    /**
     * Builds the tree for the given targets.
     *
     * @throws IllegalArgumentException when two targets collide, naming both
     */
    static Node compile(List<TargetPath> targets) {
        Node root = new Node();
        Map<Node, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            TargetPath target = targets.get(i);
            Node current = root;
            List<TargetPath.Segment> segments = target.segments();
            for (int s = 0; s < segments.size(); s++) {
                TargetPath.Segment segment = segments.get(s);
                boolean last = s == segments.size() - 1;
                if (segment.attribute()) {
                    if (current.attributes.putIfAbsent(segment.name(), i) != null) {
                        throw new IllegalArgumentException("target '" + target + "' is written twice");
                    }
                    break;
                }
                if (current.leaf >= 0 || current.array) {
                    throw conflict(target, owners.get(current));
                }
                Node child = current.children.computeIfAbsent(segment.name(), k -> new Node());
                if (segment.indexed()) {
                    if (child.leaf >= 0 || (!child.array && !child.children.isEmpty())) {
                        throw conflict(target, owners.get(child));
                    }
                    child.array = true;
                    owners.putIfAbsent(child, target.text());
                    while (child.items.size() <= segment.index()) {
                        child.items.add(null);
                    }
                    Node item = child.items.get(segment.index());
                    if (item == null) {
                        item = new Node();
                        child.items.set(segment.index(), item);
                    }
                    child = item;
                } else if (child.array) {
                    throw conflict(target, owners.get(child));
                }
                if (last) {
                    if (child.leaf >= 0 || !child.children.isEmpty() || !child.items.isEmpty()) {
                        throw conflict(target, owners.get(child));
                    }
                    child.leaf = i;
                }
                owners.putIfAbsent(child, target.text());
                current = child;
            }
        }
        return root;
    }

    private static IllegalArgumentException conflict(TargetPath target, String other) {
        return new IllegalArgumentException("target '" + target + "' collides with target '" + other + "'");
    }
}
