export { STREAM_PATH, STREAM_PATHS, type StreamOptions, StreamHub, streams } from './hub';
