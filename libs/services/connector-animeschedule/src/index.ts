export { ConnectorAnimescheduleModule } from './connector-animeschedule.module';
export { ConnectorAnimescheduleEnvSchema } from './connector-animeschedule.env';
export type { ConnectorAnimescheduleEnv, ConnectorAnimescheduleOptions } from './connector-animeschedule.env';
export { parseAnimeScheduleTimetable } from './animeschedule-timetable.parser';
export { parseAnimeScheduleAnime, parseAnimeScheduleSearch } from './animeschedule-anime.parser';
