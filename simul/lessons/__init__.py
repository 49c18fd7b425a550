"""`simul lesson NAME`: each idea of the asyncio tutorial, shown live on simul's own code."""
