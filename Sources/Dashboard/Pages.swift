/// The dashboard's pages, one function each (`Pages+Name.swift`): documents in, a whole HTML page out.
/// Nothing here reads a file, the catalog or the network.
public enum Pages {}
