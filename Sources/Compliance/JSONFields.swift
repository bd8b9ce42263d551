import DeviceKit
import Foundation

/// The members of one JSON object, read field by field. Every problem is added to `problems` and
/// reading goes on, so that one pass reports everything wrong with a file.
struct JSONFields {
    let node: JSONNode
    let path: JSONPath
    private var members: [String: JSONMember] = [:]

    /// Nil (with a problem added) when `node` is not an object. Keys not in `known` and keys written
    /// twice are problems: a misspelt `full_proces` must not silently weaken a check.
    init?(_ node: JSONNode, path: JSONPath, what: String, known: Set<String>, problems: inout [InputError]) {
        self.node = node
        self.path = path
        guard case .object(let list) = node.value else {
            problems.append(InputError(.wrongType, Self.place(node, path), "\(what) must be a JSON object, not \(node.typeName)"))
            return nil
        }
        for member in list {
            let memberPath = path.appending(member.key)
            let keyPlace = SourcePlace(line: member.line, column: member.column, field: memberPath.description)
            if members[member.key] != nil {
                problems.append(InputError(.duplicateField, keyPlace, "\"\(member.key)\" is given twice"))
                continue
            }
            guard known.contains(member.key) else {
                let choices = known.sorted().joined(separator: ", ")
                problems.append(InputError(.unknownField, keyPlace, "unknown field \"\(member.key)\" in \(what) (known: \(choices))"))
                continue
            }
            members[member.key] = member
        }
    }

    static func place(_ node: JSONNode, _ path: JSONPath) -> SourcePlace {
        SourcePlace(line: node.line, column: node.column, field: path.description)
    }

    /// Where `key`'s value is, or where the object starts when the key is missing.
    func place(_ key: String) -> SourcePlace {
        if let member = members[key] { return Self.place(member.value, path.appending(key)) }
        return SourcePlace(line: node.line, column: node.column, field: path.appending(key).description)
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    /// The member's value; nil for a missing key (a problem when `required`) or a JSON null (a problem
    /// unless `nullable`).
    func value(_ key: String, required: Bool, nullable: Bool = false, problems: inout [InputError]) -> JSONNode? {
        guard let member = members[key] else {
            if required { problems.append(InputError(.missingField, place(key), "\"\(key)\" is missing")) }
            return nil
        }
        if case .null = member.value.value {
            if !nullable { problems.append(InputError(.wrongType, place(key), "\"\(key)\" must not be null")) }
            return nil
        }
        return member.value
    }

    func string(_ key: String, required: Bool, problems: inout [InputError]) -> Located<String>? {
        guard let node = value(key, required: required, problems: &problems) else { return nil }
        guard case .string(let text) = node.value else {
            problems.append(InputError(.wrongType, place(key), "\"\(key)\" must be a string, not \(node.typeName)"))
            return nil
        }
        return Located(value: text, place: place(key))
    }

    func bool(_ key: String, problems: inout [InputError]) -> Located<Bool>? {
        guard let node = value(key, required: false, problems: &problems) else { return nil }
        guard case .bool(let flag) = node.value else {
            problems.append(InputError(.invalidBoolean, place(key), "\"\(key)\" must be true or false, not \(node.typeName)"))
            return nil
        }
        return Located(value: flag, place: place(key))
    }

    /// An RFC 3339 time with offset, in ``PlausibleTime``'s range. `nullable` for an open end (custody's `to`): a null gives
    /// `Located(nil)`, a missing key gives nil.
    func time(_ key: String, required: Bool, nullable: Bool = false, problems: inout [InputError]) -> Located<Date?>? {
        if nullable, let member = members[key], case .null = member.value.value {
            return Located(value: nil, place: place(key))
        }
        guard let text = string(key, required: required, problems: &problems) else { return nil }
        switch RFC3339.parse(text.value) {
        case .success(let date):
            if let problem = PlausibleTime.problem(date) {
                problems.append(InputError(.timeOutOfRange, text.place, problem))
                return nil
            }
            return Located(value: date, place: text.place)
        case .failure(let problem):
            problems.append(InputError(.invalidTime, text.place, problem.description))
            return nil
        }
    }

    /// An array of strings (trimmed), each with its place; an element that is not a string, or is
    /// empty, is a problem at its own index.
    func strings(_ key: String, problems: inout [InputError]) -> Located<[Located<String>]>? {
        guard let node = value(key, required: false, problems: &problems) else { return nil }
        guard case .array(let elements) = node.value else {
            problems.append(InputError(.wrongType, place(key), "\"\(key)\" must be an array of strings, not \(node.typeName)"))
            return nil
        }
        var list: [Located<String>] = []
        for (i, element) in elements.enumerated() {
            let elementPath = path.appending(key).appending(i)
            guard case .string(let text) = element.value else {
                problems.append(InputError(.wrongType, Self.place(element, elementPath), "must be a string, not \(element.typeName)"))
                continue
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                problems.append(InputError(.emptyValue, Self.place(element, elementPath), "an empty entry in \"\(key)\""))
                continue
            }
            list.append(Located(value: trimmed, place: Self.place(element, elementPath)))
        }
        return Located(value: list, place: place(key))
    }

    /// An array of any values, for nested objects.
    func array(_ key: String, required: Bool, problems: inout [InputError]) -> [JSONNode]? {
        guard let node = value(key, required: required, problems: &problems) else { return nil }
        guard case .array(let elements) = node.value else {
            problems.append(InputError(.wrongType, place(key), "\"\(key)\" must be an array, not \(node.typeName)"))
            return nil
        }
        return elements
    }
}
