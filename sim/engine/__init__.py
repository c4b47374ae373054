"""The SimPy engine: processes, the stepping API, the event log, sessions."""

from sim.engine.errors import SessionOver
from sim.engine.log import EventLog, EventRecord
from sim.engine.rng import Streams
from sim.engine.simulation import Result, Simulation

__all__ = ["EventLog", "EventRecord", "Result", "SessionOver", "Simulation", "Streams"]
