export { systemClock, type Clock } from "../time";
