// WIRE_LOG_LEVEL=warn keeps the CLI's output to its own lines.
export default ({ env }) => ({
  level: env('WIRE_LOG_LEVEL', 'info'),
});
