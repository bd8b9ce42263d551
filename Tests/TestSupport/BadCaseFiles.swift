/// Case files with a problem of every kind the importers name with its place (an offset missing, a misspelt
/// key, an unknown step type, an end before its start, a case without steps; in CSV a bad flag, a repeated
/// step, a step without officers): the command line's import tests and the API's give both the same.
public enum BadCaseFiles {
    public static let json = """
        [{"case_id": "CZ-E-1", "title": "t",
          "steps": [{"id": "S1", "type": "on_site_inspection", "start": "2026-11-03T09:30:00",
                     "end": "2026-11-03T10:15:00+08:00", "officers": ["310045"], "full_proces": true},
                    {"id": "S2", "type": "teleportation", "start": "2026-11-03T11:00:00+08:00",
                     "end": "2026-11-03T10:00:00+08:00", "officers": ["310045"]}]},
         {"case_id": "CZ-E-2", "steps": []}]
        """

    public static let csv = """
        case_id,step_id,type,start,end,officers,full_process
        CZ-E-3,S1,on_site_inspection,2026-11-03T09:30:00+08:00,2026-11-03T10:15:00+08:00,310045,maybe
        CZ-E-3,S1,hearing,2026-11-03T11:00:00+08:00,2026-11-03T12:00:00+08:00,310045,
        CZ-E-3,S3,service_direct,2026-11-03T13:00:00+08:00,2026-11-03T13:30:00+08:00,,

        """
}
