import Gateway
import Presentation

/// How the command line says why the case desk could not be opened.
extension CaseDeskSetup {
    /// Opens the desk of the home the options name.
    static func open(_ options: HomeOptions, create: Bool, margin: Double? = nil) throws(Problem) -> CaseDeskSetup {
        try open(options.resolved, create: create, margin: margin)
    }

    /// Prints why the desk could not be opened: the catalogue's problems one a line with their places.
    static func report(_ problem: Problem) {
        if case .catalogue(let url, let failure) = problem {
            for error in failure.errors { Output.errorLine(error.located(in: url.path)) }
            Output.error("the step catalogue \(url.path) has \(failure.errors.count) problem(s); fix or remove it")
        } else {
            Output.error(problem.description)
        }
    }
}
